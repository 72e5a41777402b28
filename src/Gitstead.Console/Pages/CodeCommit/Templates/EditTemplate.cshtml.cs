using Gitstead.Aws;
using Gitstead.CodeCommit.Templates;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.CodeCommit.Templates;

/// <summary>
/// Edits a template with the three calls CodeCommit has for it, each only for what changed:
/// UpdateApprovalRuleTemplateContent (against the SHA-256 of the content the form was loaded
/// with, so someone else's change in between is not overwritten), then
/// UpdateApprovalRuleTemplateDescription, then UpdateApprovalRuleTemplateName last, so the
/// template keeps its name until everything else is saved.
/// </summary>
public sealed class EditTemplateModel(ApprovalRuleTemplateService templates) : TemplateFormPage
{
    public string Name => RouteData.Values["name"] as string ?? "";

    /// <summary>The SHA-256 of the content the form was loaded with.</summary>
    [BindProperty]
    public string? ExistingSha { get; set; }

    /// <summary>The template as it was when the form was loaded (for what changed).</summary>
    [BindProperty]
    public string? OriginalContent { get; set; }

    [BindProperty]
    public string? OriginalDescription { get; set; }

    public bool Loaded { get; private set; } = true;

    public override string FormUrl => TemplateUrl(Name, "edit");

    public override string SubmitLabel => "Save";

    public override string? JsonEditorUrl => $"{FormUrl}&editor=json";

    /// <summary>Shows the form; with <c>?editor=json</c>, the content in the JSON editor.</summary>
    public async Task OnGetAsync([FromQuery(Name = "editor")] string? editor)
    {
        var template = await TryAsync(() => templates.GetAsync(Call, Name, HttpContext.RequestAborted));
        if (template is null)
        {
            Loaded = false;
            return;
        }

        TemplateName = template.Name;
        Description = template.Description;
        OriginalDescription = template.Description;
        OriginalContent = template.Content;
        ExistingSha = template.ContentSha256;
        ShowRule(template.Content, asJson: editor == "json");
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var content = FormContent();
        if (content is null)
        {
            return Page();
        }

        var ct = HttpContext.RequestAborted;
        var newName = TemplateName?.Trim() ?? "";
        var saved = new List<string>();
        if (!TemplateRule.SameContent(content, OriginalContent ?? "")
            && !await Step(() => templates.UpdateContentAsync(Call, Name, content, ExistingSha, ct), "the content", saved))
        {
            return Page();
        }

        if ((Description ?? "") != (OriginalDescription ?? "")
            && !await Step(() => templates.UpdateDescriptionAsync(Call, Name, Description ?? "", ct), "the description", saved))
        {
            return Page();
        }

        if (newName != Name && !await Step(() => templates.UpdateNameAsync(Call, Name, newName, ct), "the name", saved))
        {
            return Page();
        }

        SetFlash(saved.Count == 0 ? "Nothing was changed." : $"Approval rule template {newName} was saved.", saved.Count == 0 ? "info" : "success");
        return Redirect(TemplateUrl(newName));
    }

    /// <summary>One update; on failure the page's error also says what was saved before it.</summary>
    private async Task<bool> Step(Func<Task<ApprovalRuleTemplateInfo>> update, string what, List<string> saved)
    {
        ApprovalRuleTemplateInfo? done = null;
        try
        {
            done = await update();
        }
        catch (AccessDeniedException ex)
        {
            Error = ex.Message;
        }
        catch (AwsServiceException ex)
        {
            Error = ex.Code == "InvalidRuleContentSha256Exception"
                ? $"{ex.Message} Someone changed the template after this page was loaded: open Edit again to start from its current content."
                : ex.Message;
        }

        if (done is null)
        {
            if (saved.Count > 0)
            {
                Error = $"Saved {string.Join(" and ", saved)}; {what} was not saved. {Error}";
            }

            return false;
        }

        saved.Add(what);
        OriginalContent = done.Content;
        OriginalDescription = done.Description;
        ExistingSha = done.ContentSha256;
        return true;
    }
}
