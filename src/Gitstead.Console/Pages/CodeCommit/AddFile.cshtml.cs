using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// Add a file to a folder of a branch (the code browser's <b>Add file</b>): typed text or a file
/// uploaded from disk, committed with PutFile on the tip the page was loaded at. A path that
/// already holds a file is refused here, so adding never replaces a file unseen.
/// </summary>
public sealed class AddFileModel(RepositoryService repositories, ReferenceService references, FileService files, FileWriteService writes)
    : FileWritePage(repositories, references)
{
    /// <summary>The new file's name, or a path below the folder (<c>docs/notes.md</c>).</summary>
    [BindProperty(Name = "FileName")]
    public string? NewFileName { get; set; }

    [BindProperty(Name = "Content")]
    public string? Text { get; set; }

    /// <summary>A file chosen from disk; when given, its bytes are committed instead of the text.</summary>
    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The folder the file goes in (the path from the URL).</summary>
    public string Folder => Path;

    public async Task<IActionResult> OnGetAsync(string? rest)
    {
        if (await LoadBranchAsync(rest))
        {
            ParentCommitId = BranchTip;
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

        var name = (NewFileName ?? "").Trim().Trim('/');
        if (name.Length == 0 && Upload is { FileName: { Length: > 0 } uploaded })
        {
            name = System.IO.Path.GetFileName(uploaded);
        }

        if (name.Length == 0)
        {
            Error = "Enter a file name.";
            return Page();
        }

        var path = Folder.Length == 0 ? name : Folder + "/" + name;
        var ct = HttpContext.RequestAborted;
        if (ParentCommitId is { Length: > 0 } parent && await TryQuietlyAsync(() => files.DescribeFileAsync(Call, Name, parent, path, ct)) is not null)
        {
            Error = $"A file named {path} already exists on {Branch}. Open it and choose Edit to change it.";
            return Page();
        }

        var content = Upload is { Length: > 0 } ? await ReadUploadAsync(Upload, ct) : Encode(Text ?? "", crlf: false, bom: false);
        var written = await WriteAsync(() => writes.PutFileAsync(Call, Name, Branch, path, null, content, ParentCommitId, Authoring, ct));
        if (written is null)
        {
            NewFileName = name;
            return Page();
        }

        SetFlash($"Added {path} to {Branch}: commit {Display.ShortId(written.CommitId)}.");
        return Redirect(BrowseUrl(path));
    }

    /// <summary>
    /// The upload's bytes, read up to one byte past PutFile's limit: a larger file is refused by
    /// the service with its own message, without the whole of it in memory.
    /// </summary>
    private static async Task<byte[]> ReadUploadAsync(IFormFile upload, CancellationToken ct)
    {
        var buffer = new byte[(int)Math.Min(upload.Length, FileService.MaxContentBytes + 1L)];
        await using var stream = upload.OpenReadStream();
        await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
        return buffer;
    }
}
