using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// The region's repositories, as CodeCommit's console lists them: ListRepositories (in the
/// service's order, limited by <c>?q=</c> in the query for long lists), then
/// BatchGetRepositories for the page's descriptions, dates and clone URLs. A region with no
/// repository at all shows the Welcome page instead.
/// </summary>
public sealed class RepositoriesModel(RepositoryService repositories) : RegionalConsolePage
{
    public const int PageSize = 50;

    [BindProperty(Name = "q", SupportsGet = true)]
    public string? Query { get; set; }

    /// <summary><c>name</c> (default) or <c>modified</c>.</summary>
    [BindProperty(Name = "sort", SupportsGet = true)]
    public string? Sort { get; set; }

    /// <summary><c>asc</c> or <c>desc</c>; names ascend and dates descend unless asked.</summary>
    [BindProperty(Name = "order", SupportsGet = true)]
    public string? Order { get; set; }

    [BindProperty(Name = "token", SupportsGet = true)]
    public string? Token { get; set; }

    public bool ByDate => Sort == "modified";

    public bool Ascending => Order is "asc" or "desc" ? Order == "asc" : !ByDate;

    public IReadOnlyList<RepositoryMetadata> Items { get; private set; } = [];

    public string? NextToken { get; private set; }

    /// <summary>True when the region has no repository at all (not merely none matching the search).</summary>
    public bool Welcome { get; private set; }

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ViewData["Service"] = "codecommit";
        base.OnPageHandlerExecuting(context);
    }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var sort = ByDate ? RepositorySort.LastModifiedDate : RepositorySort.RepositoryName;
        var page = await TryAsync(() => repositories.SearchAsync(Call, Query, sort, Ascending, new PageRequest(Token, PageSize), ct));
        if (page is null)
        {
            return;
        }

        NextToken = page.NextToken;
        Welcome = page.Items.Count == 0 && string.IsNullOrWhiteSpace(Query) && Token is null;
        if (page.Items.Count > 0)
        {
            var batch = await TryAsync(() => repositories.BatchGetAsync(Call, [.. page.Items.Select(r => r.Name)], ct));
            Items = batch?.Repositories ?? [];
        }
    }

    /// <summary>This list's URL with some of its parameters changed (null drops one).</summary>
    public string ListUrl(string? sort = null, string? order = null, string? token = null, bool keepToken = false)
    {
        var url = RegionUrl("/console/codecommit/repositories");
        if (!string.IsNullOrWhiteSpace(Query))
        {
            url += "&q=" + Uri.EscapeDataString(Query);
        }

        var s = sort ?? Sort;
        if (s is not null)
        {
            url += "&sort=" + Uri.EscapeDataString(s);
        }

        var o = order ?? (sort is null ? Order : null);
        if (o is not null)
        {
            url += "&order=" + Uri.EscapeDataString(o);
        }

        var t = token ?? (keepToken ? Token : null);
        return t is null ? url : url + "&token=" + Uri.EscapeDataString(t);
    }

    /// <summary>The header link of a sortable column: the other direction when it is the current sort.</summary>
    public string SortUrl(string column)
    {
        var current = (column == "modified") == ByDate;
        var order = current ? (Ascending ? "desc" : "asc") : (column == "modified" ? "desc" : "asc");
        return ListUrl(sort: column, order: order);
    }

    /// <summary><c>ascending</c>/<c>descending</c> for the current sort column's <c>aria-sort</c>, else null.</summary>
    public string? AriaSort(string column) => (column == "modified") == ByDate ? (Ascending ? "ascending" : "descending") : null;

    public string RepositoryUrl(string name, string sub = "browse") =>
        RegionUrl($"/console/codecommit/repositories/{Uri.EscapeDataString(name)}/{sub}");
}
