using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// Delete a file of a branch (the code browser's <b>Delete file</b>): a confirmation with the
/// commit's message and author, then DeleteFile with the tip the page was loaded at as the parent.
/// </summary>
public sealed class DeleteFileModel(RepositoryService repositories, ReferenceService references, FileService files, FileWriteService writes)
    : FileWritePage(repositories, references)
{
    public FileDescription? Described { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? rest)
    {
        if (!await LoadBranchAsync(rest))
        {
            return Page();
        }

        Described = await TryAsync(() => files.DescribeFileAsync(Call, Name, Branch, Path, HttpContext.RequestAborted));
        if (Described is not null)
        {
            ParentCommitId = Described.CommitId;
            CommitMessage = $"Deleted {Path}";
            PrefillAuthor();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? rest)
    {
        if (!await LoadBranchAsync(rest))
        {
            return Page();
        }

        var ct = HttpContext.RequestAborted;
        var deleted = await WriteAsync(() => writes.DeleteFileAsync(Call, Name, Branch, Path, ParentCommitId, keepEmptyFolders: false, Authoring, ct));
        if (deleted is null)
        {
            return Page();
        }

        SetFlash($"Deleted {Path} from {Branch}: commit {Display.ShortId(deleted.CommitId)}.");
        return Redirect(await FolderUrlAsync(deleted.CommitId, ct));
    }

    /// <summary>The browser's URL of the file's folder, or of the nearest folder that still exists (empty folders go with their last file).</summary>
    private async Task<string> FolderUrlAsync(string commitId, CancellationToken ct)
    {
        var folder = Parent;
        while (folder.Length > 0 && await TryQuietlyAsync(() => files.GetTreeAsync(Call, Name, commitId, folder, ct)) is null)
        {
            folder = folder.Contains('/') ? folder[..folder.LastIndexOf('/')] : "";
        }

        return BrowseUrl(folder);
    }
}
