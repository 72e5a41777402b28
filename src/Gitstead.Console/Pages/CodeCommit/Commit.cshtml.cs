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

    /// <summary>
    /// The most diff lines one page shows: past it, the remaining files are listed without their
    /// diff (the root commit of a repository of 3,000 files would otherwise be a page of 50 MB).
    /// </summary>
    public const int MaxDiffLines = 5000;

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
            Diffs = Changes is null ? [] : Render(Changes.Files);
        }

        return Page();
    }

    /// <summary>Each changed file with the lines of its diff, until the page holds <see cref="MaxDiffLines"/>; null lines after that.</summary>
    public IReadOnlyList<(FileChange Change, IReadOnlyList<DiffLine>? Lines)> Diffs { get; private set; } = [];

    /// <summary>How many changed files are listed without their diff because the page is full.</summary>
    public int Unrendered => Diffs.Count(d => d.Lines is null && d.Change.Rendering == DiffRendering.Text);

    internal static List<(FileChange, IReadOnlyList<DiffLine>?)> Render(IReadOnlyList<FileChange> files)
    {
        var shown = 0;
        var diffs = new List<(FileChange, IReadOnlyList<DiffLine>?)>(files.Count);
        foreach (var change in files)
        {
            if (change.Rendering != DiffRendering.Text || shown >= MaxDiffLines)
            {
                diffs.Add((change, null));
                continue;
            }

            var lines = UnifiedDiff.Parse(change.Patch ?? "");
            shown += lines.Count;
            diffs.Add((change, lines));
        }

        return diffs;
    }

    public static string PathOf(FileChange change) => (change.After ?? change.Before)!.Path;

    public string BrowseUrl(string commitId, string path = "") => RepositoryUrl("browse/" + RefPath.Join(commitId, path));

    /// <summary>An anchor for a changed file on this page.</summary>
    public static string Anchor(int index) => $"file-{index + 1}";
}
