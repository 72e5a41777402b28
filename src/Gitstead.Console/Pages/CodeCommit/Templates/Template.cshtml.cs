using Gitstead.Aws;
using Gitstead.CodeCommit.PullRequests;
using Gitstead.CodeCommit.Repositories;
using Gitstead.CodeCommit.Templates;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Gitstead.Console.Pages.CodeCommit.Templates;

/// <summary>
/// One approval rule template: GetApprovalRuleTemplate (details, the rule in words and as JSON,
/// its SHA-256), its repositories (ListRepositoriesForApprovalRuleTemplate; associate with
/// BatchAssociateApprovalRuleTemplateWithRepositories, disassociate one with
/// DisassociateApprovalRuleTemplateFromRepository) and DeleteApprovalRuleTemplate after the name
/// is typed (the service refuses while repositories are associated).
/// </summary>
public sealed class TemplateModel(ApprovalRuleTemplateService templates, RepositoryService repositories) : RegionalConsolePage
{
    public const string DeleteDialog = "delete-template";

    public string Name => RouteData.Values["name"] as string ?? "";

    [BindProperty(SupportsGet = true, Name = "confirm")]
    public string? Confirm { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    /// <summary>The template; null when GetApprovalRuleTemplate was refused or found nothing (see <see cref="ConsolePage.Error"/>).</summary>
    public ApprovalRuleTemplateInfo? Template { get; private set; }

    /// <summary>The content parsed by the service's own rules, for the summary.</summary>
    public ApprovalRuleContent? Rule { get; private set; }

    /// <summary>The associated repositories; null with <see cref="AssociatedError"/> when refused.</summary>
    public IReadOnlyList<string>? Associated { get; private set; }

    public string? AssociatedError { get; private set; }

    /// <summary>The region's other repositories, to associate; null when ListRepositories was refused.</summary>
    public IReadOnlyList<string>? Others { get; private set; }

    public string PageUrl(string sub = "details") => RegionUrl($"/console/codecommit/approval-rule-templates/{Uri.EscapeDataString(Name)}/{sub}");

    public string ActionUrl(string handler) => $"{PageUrl()}&handler={handler}";

    public string RepositoryUrl(string repository) => RegionUrl($"/console/codecommit/repositories/{Uri.EscapeDataString(repository)}/browse");

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ViewData["Service"] = "codecommit";
        base.OnPageHandlerExecuting(context);
    }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAssociateAsync(string[] chosen)
    {
        var names = chosen.Where(c => c.Length > 0).ToList();
        if (names.Count == 0)
        {
            SetFlash("No repository chosen.", "info");
            return Redirect(PageUrl());
        }

        var batch = await TryAsync(() => templates.BatchAssociateAsync(Call, Name, names, HttpContext.RequestAborted));
        if (batch is null)
        {
            await LoadAsync();
            return Page();
        }

        var failed = string.Join(" ", batch.Errors.Select(e => $"{e.RepositoryName}: {e.ErrorMessage}"));
        SetFlash(batch.Errors.Count == 0 ? $"Associated {Name} with {string.Join(", ", batch.Changed)}." : $"Not every repository was associated. {failed}",
            batch.Errors.Count == 0 ? "success" : "warning");
        return Redirect(PageUrl());
    }

    public async Task<IActionResult> OnPostDisassociateAsync(string repository)
    {
        if (await TryAsync(() => templates.DisassociateAsync(Call, Name, repository, HttpContext.RequestAborted)))
        {
            SetFlash($"{repository} is no longer associated with {Name}.");
            return Redirect(PageUrl());
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (!string.Equals(Confirmation?.Trim(), Name, StringComparison.Ordinal))
        {
            Error = $"To delete the approval rule template, type its name, {Name}, exactly.";
            Confirm = DeleteDialog;
        }
        else if (await TryAsync(async () => { await templates.DeleteAsync(Call, Name, HttpContext.RequestAborted); }))
        {
            SetFlash($"Approval rule template {Name} was deleted.");
            return this.ToRegional("/console/codecommit/approval-rule-templates");
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var error = Error;
        Template = await TryAsync(() => templates.GetAsync(Call, Name, ct));
        Error = error ?? Error;
        if (Template is null)
        {
            return;
        }

        Rule = ApprovalRuleContent.TryParse(Template.Content, isTemplate: true, out var rule, out _) ? rule : null;
        try
        {
            Associated = (await templates.ListRepositoriesAsync(Call, Name, PageRequest.First(1000), ct)).Items;
        }
        catch (Exception ex) when (ex is AccessDeniedException or AwsServiceException)
        {
            AssociatedError = ex.Message;
        }

        var all = await TryQuietlyAsync(() => repositories.ListAsync(Call, RepositorySort.RepositoryName, true, null, ct));
        Others = all?.Items.Select(r => r.Name).Where(n => Associated?.Contains(n, StringComparer.Ordinal) != true).ToList();
    }
}
