using Gitstead.Aws;
using Gitstead.CodeCommit.Templates;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Gitstead.Console.Pages.CodeCommit.Templates;

/// <summary>
/// The region's approval rule templates: one page of ListApprovalRuleTemplates (names in name
/// order, continued with its token), then GetApprovalRuleTemplate for each one's description and
/// last change (a template the caller may not read shows its name only).
/// </summary>
public sealed class TemplatesModel(ApprovalRuleTemplateService templates) : RegionalConsolePage
{
    public const int PageSize = 50;

    [BindProperty(Name = "token", SupportsGet = true)]
    public string? Token { get; set; }

    /// <summary>The page's templates: the name, and what GetApprovalRuleTemplate said (null when refused).</summary>
    public IReadOnlyList<(string Name, ApprovalRuleTemplateInfo? Info)> Items { get; private set; } = [];

    public string? NextToken { get; private set; }

    public string ListUrl => RegionUrl("/console/codecommit/approval-rule-templates");

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ViewData["Service"] = "codecommit";
        base.OnPageHandlerExecuting(context);
    }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var page = await TryAsync(() => templates.ListAsync(Call, new PageRequest(Token, PageSize), ct));
        if (page is null)
        {
            return;
        }

        NextToken = page.NextToken;
        var items = new List<(string, ApprovalRuleTemplateInfo?)>();
        foreach (var name in page.Items)
        {
            items.Add((name, await TryQuietlyAsync(() => templates.GetAsync(Call, name, ct))));
        }

        Items = items;
    }

    public string TemplateUrl(string name) =>
        RegionUrl($"/console/codecommit/approval-rule-templates/{Uri.EscapeDataString(name)}/details");
}
