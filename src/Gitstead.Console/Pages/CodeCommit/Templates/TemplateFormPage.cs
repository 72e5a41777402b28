using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Gitstead.Console.Pages.CodeCommit.Templates;

/// <summary>
/// The approval rule template form that Create and Edit share, as CodeCommit's console lays it
/// out: name, description, number of approvals needed, approval pool members (type and value
/// rows), branch names, or the content as JSON when it does not fit those fields. "Add …"
/// buttons post back for another row, so the form works without script.
/// </summary>
public abstract class TemplateFormPage : RegionalConsolePage
{
    /// <summary>The template name field (the new name on Edit).</summary>
    [BindProperty]
    public string? TemplateName { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? Approvals { get; set; }

    [BindProperty]
    public List<string?> MemberTypes { get; set; } = [];

    [BindProperty]
    public List<string?> MemberValues { get; set; } = [];

    [BindProperty]
    public List<string?> Branches { get; set; } = [];

    /// <summary><c>json</c> when the content is edited as JSON (<see cref="Json"/>).</summary>
    [BindProperty]
    public string? Editor { get; set; }

    [BindProperty]
    public string? Json { get; set; }

    /// <summary>How many pool member rows the form shows.</summary>
    public int MemberRows { get; private set; } = 1;

    /// <summary>How many branch name rows the form shows.</summary>
    public int BranchRows { get; private set; } = 1;

    public bool JsonEditor => Editor == "json";

    /// <summary>Where the form posts: the page itself, in its region.</summary>
    public abstract string FormUrl { get; }

    /// <summary>The page with the content in the JSON editor, when the page offers it.</summary>
    public virtual string? JsonEditorUrl => null;

    /// <summary>The form's submit button (Create template, Save changes).</summary>
    public abstract string SubmitLabel { get; }

    public string TemplatesUrl => RegionUrl("/console/codecommit/approval-rule-templates");

    public string TemplateUrl(string name, string sub = "details") =>
        RegionUrl($"/console/codecommit/approval-rule-templates/{Uri.EscapeDataString(name)}/{sub}");

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ViewData["Service"] = "codecommit";
        base.OnPageHandlerExecuting(context);
    }

    /// <summary>Another pool member row (the form's "Add approval pool member").</summary>
    public async Task<IActionResult> OnPostAddMemberAsync()
    {
        ModelState.Clear();
        KeepRows();
        MemberRows++;
        await PrepareFormAsync();
        return Page();
    }

    /// <summary>Another branch name row.</summary>
    public async Task<IActionResult> OnPostAddBranchAsync()
    {
        ModelState.Clear();
        KeepRows();
        BranchRows++;
        await PrepareFormAsync();
        return Page();
    }

    /// <summary>Reads what the form shows besides its fields (the repositories to choose from).</summary>
    protected virtual Task PrepareFormAsync() => Task.CompletedTask;

    public string MemberType(int i) => i < MemberTypes.Count && MemberTypes[i] == TemplateRule.ArnMember ? TemplateRule.ArnMember : TemplateRule.NameMember;

    public string? MemberValue(int i) => i < MemberValues.Count ? MemberValues[i] : null;

    public string? Branch(int i) => i < Branches.Count ? Branches[i] : null;

    /// <summary>Fills the rule fields from a stored content; false (the JSON editor) when they cannot show it.</summary>
    protected bool ShowRule(string content, bool asJson = false)
    {
        var rule = asJson ? null : TemplateRule.TryRead(content, Call.AccountId);
        if (rule is null)
        {
            Editor = "json";
            Json = Iam.PolicyJson.Pretty(content);
            return false;
        }

        Approvals = rule.Approvals.ToString(CultureInfo.InvariantCulture);
        MemberTypes = [.. rule.Members.Select(m => (string?)m.Type)];
        MemberValues = [.. rule.Members.Select(m => (string?)m.Value)];
        Branches = [.. rule.Branches.Select(b => (string?)b)];
        KeepRows();
        return true;
    }

    /// <summary>Shows as many rows as were posted (at least one each).</summary>
    protected void KeepRows()
    {
        MemberRows = Math.Max(MemberValues.Count, 1);
        BranchRows = Math.Max(Branches.Count, 1);
    }

    /// <summary>The content the form describes (the JSON as typed in the JSON editor); null, with the page's error, when the number of approvals is not a number.</summary>
    protected string? FormContent()
    {
        KeepRows();
        if (JsonEditor)
        {
            return Json ?? "";
        }

        if (!int.TryParse(Approvals?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var approvals))
        {
            Error = "Number of approvals needed must be a whole number (1 or more).";
            return null;
        }

        var members = new List<PoolMember>();
        for (var i = 0; i < MemberValues.Count; i++)
        {
            if (MemberValues[i]?.Trim() is { Length: > 0 } value)
            {
                members.Add(new PoolMember(MemberType(i), value));
            }
        }

        var branches = Branches.Select(b => b?.Trim()).OfType<string>().Where(b => b.Length > 0).ToList();
        return new TemplateRule(approvals, members, branches).Content(Call.AccountId);
    }
}
