using Gitstead.CodeCommit.PullRequests;
using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// The pull requests of a repository (ListPullRequests, then GetPullRequest for each id of the
/// page): open or closed, optionally only the signed-in principal's, a page at a time.
/// </summary>
public sealed class PullRequestsModel(RepositoryService repositories, PullRequestService pullRequests) : RepositoryPage
{
    public const int PageSize = 25;

    /// <summary>open, closed, mine (open pull requests the signed-in principal created) or all.</summary>
    [BindProperty(Name = "filter", SupportsGet = true)]
    public string? Filter { get; set; }

    [BindProperty(Name = "token", SupportsGet = true)]
    public string? Token { get; set; }

    public string? NextToken { get; private set; }

    public IReadOnlyList<PullRequestInfo> Items { get; private set; } = [];

    public string Shown => Filter is "closed" or "mine" or "all" ? Filter : "open";

    public async Task OnGetAsync()
    {
        if (!await LoadRepositoryAsync(repositories))
        {
            return;
        }

        var ct = HttpContext.RequestAborted;
        var status = Shown switch { "closed" => "CLOSED", "all" => null, _ => "OPEN" };
        var author = Shown == "mine" ? Call.Caller.Arn : null;
        var ids = await TryAsync(() => pullRequests.ListAsync(Call, Name, author, status, Token, PageSize, ct));
        if (ids is null)
        {
            return;
        }

        NextToken = ids.NextToken;
        var items = new List<PullRequestInfo>(ids.Items.Count);
        foreach (var id in ids.Items)
        {
            if (await TryAsync(() => pullRequests.GetAsync(Call, id, ct)) is { } pullRequest)
            {
                items.Add(pullRequest);
            }
        }

        Items = items;
    }

    /// <summary>This list with another filter or page.</summary>
    public string ListUrl(string filter, string? token = null) =>
        RepositoryUrl("pull-requests") + "&filter=" + filter + (token is null ? "" : "&token=" + Uri.EscapeDataString(token));
}
