using Gitstead.CodeCommit.Repositories;
using Gitstead.CodeCommit.Templates;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.CodeCommit.Templates;

/// <summary>
/// CreateApprovalRuleTemplate from the form's rule, then BatchAssociateApprovalRuleTemplateWithRepositories
/// with the chosen repositories of the region (ListRepositories); on success the template's page. A
/// refusal or an invalid field keeps the form as it was typed.
/// </summary>
public sealed class CreateTemplateModel(ApprovalRuleTemplateService templates, RepositoryService repositories) : TemplateFormPage
{
    [BindProperty]
    public List<string> Repositories { get; set; } = [];

    /// <summary>The region's repositories to choose from; null when ListRepositories was refused.</summary>
    public IReadOnlyList<string>? Available { get; private set; }

    public override string FormUrl => RegionUrl("/console/codecommit/approval-rule-templates/create");

    public override string SubmitLabel => "Create";

    public async Task OnGetAsync()
    {
        Approvals = "1";
        await PrepareFormAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var content = FormContent();
        var ct = HttpContext.RequestAborted;
        var created = content is null ? null
            : await TryAsync(() => templates.CreateAsync(Call, TemplateName?.Trim(), content, Description ?? "", ct));
        if (created is null)
        {
            await PrepareFormAsync();
            return Page();
        }

        var chosen = Repositories.Where(r => r.Length > 0).ToList();
        if (chosen.Count == 0)
        {
            SetFlash($"Success: approval rule template {created.Name} was created.");
        }
        else
        {
            var batch = await TryAsync(() => templates.BatchAssociateAsync(Call, created.Name, chosen, ct));
            var failed = batch is null ? Error : string.Join(" ", batch.Errors.Select(e => $"{e.RepositoryName}: {e.ErrorMessage}"));
            if (string.IsNullOrEmpty(failed))
            {
                SetFlash($"Success: approval rule template {created.Name} was created and associated with {string.Join(", ", chosen)}.");
            }
            else
            {
                SetFlash($"Approval rule template {created.Name} was created, but not every repository was associated with it. {failed}", "warning");
            }
        }

        return Redirect(TemplateUrl(created.Name));
    }

    protected override async Task PrepareFormAsync()
    {
        var page = await TryQuietlyAsync(() => repositories.ListAsync(Call, RepositorySort.RepositoryName, true, null, HttpContext.RequestAborted));
        Available = page?.Items.Select(r => r.Name).ToList();
    }
}
