using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// The commits of a branch, tag or commit, newest first, a page at a time
/// (<c>codecommit:GetCommitHistory</c>); with <c>?path=</c>, the commits that changed that file
/// (ListFileCommitHistory).
/// </summary>
public sealed class CommitsModel(RepositoryService repositories, ReferenceService references, CommitService commits) : RepositoryPage
{
    public const int PageSize = 50;

    [BindProperty(Name = "path", SupportsGet = true)]
    public string? FilePath { get; set; }

    [BindProperty(Name = "token", SupportsGet = true)]
    public string? Token { get; set; }

    public string? Ref { get; private set; }

    public IReadOnlyList<BranchInfo> Branches { get; private set; } = [];

    public IReadOnlyList<CommitInfo> Items { get; private set; } = [];

    public string? NextToken { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? rest)
    {
        if (Request.Query["ref"] is { Count: > 0 } asked && asked.ToString() is { Length: > 0 } chosen)
        {
            return Redirect(RepositoryUrl("commits/" + RefPath.Join(chosen, "")) + PathQuery);
        }

        if (!await LoadRepositoryAsync(repositories) || Repository!.DefaultBranch is null)
        {
            return Page();
        }

        var ct = HttpContext.RequestAborted;
        Ref = string.IsNullOrEmpty(rest?.Trim('/')) ? Repository.DefaultBranch : rest.Trim('/');
        Branches = (await TryQuietlyAsync(() => references.ListBranchesAsync(Call, Name, PageRequest.First(1000), ct)))?.Items ?? [];
        var page = new PageRequest(Token, PageSize);
        if (string.IsNullOrEmpty(FilePath))
        {
            var history = await TryAsync(() => commits.ListHistoryAsync(Call, Name, Ref, page, ct));
            (Items, NextToken) = (history?.Items ?? [], history?.NextToken);
        }
        else
        {
            var versions = await TryAsync(() => commits.ListFileHistoryAsync(Call, Name, Ref, FilePath, page, ct));
            (Items, NextToken) = (versions?.Items.Select(v => v.Commit).ToList() ?? [], versions?.NextToken);
        }

        return Page();
    }

    /// <summary><c>&amp;path=…</c> when the history is a file's.</summary>
    public string PathQuery => string.IsNullOrEmpty(FilePath) ? "" : "&path=" + Uri.EscapeDataString(FilePath);

    public string PageUrl(string? token) =>
        RepositoryUrl("commits/" + RefPath.Join(Ref!, "")) + PathQuery + (token is null ? "" : "&token=" + Uri.EscapeDataString(token));

    public string BrowseUrl(string commitId, string path = "") => RepositoryUrl("browse/" + RefPath.Join(commitId, path));
}
