using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// One commit (GetCommit): its message, author and committer, parents, and the files it changed
/// against its first parent, each with its unified diff (<c>codecommit:GetDifferences</c>), or
/// why there is none (binary, too large).
/// </summary>
public sealed class CommitModel(RepositoryService repositories, CommitService commits, DifferenceService differences) : RepositoryPage
{
    /// <summary>The largest diff of one file shown.</summary>
    public const int MaxFileDiffBytes = DifferenceService.DefaultMaxFileDiffBytes;

    public CommitInfo? Commit { get; private set; }

    public CommitChanges? Changes { get; private set; }

    public string Id => RouteData.Values["id"] as string ?? "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadRepositoryAsync(repositories))
        {
            return Page();
        }

        var ct = HttpContext.RequestAborted;
        Commit = await TryAsync(() => commits.GetAsync(Call, Name, Id, ct));
        if (Commit is not null)
        {
            Changes = await TryAsync(() => differences.GetCommitChangesAsync(Call, Name, Commit.CommitId, MaxFileDiffBytes, ct));
        }

        return Page();
    }

    public static string PathOf(FileChange change) => (change.After ?? change.Before)!.Path;

    public string BrowseUrl(string commitId, string path = "") => RepositoryUrl("browse/" + RefPath.Join(commitId, path));

    /// <summary>An anchor for a changed file on this page.</summary>
    public static string Anchor(int index) => $"file-{index + 1}";
}
