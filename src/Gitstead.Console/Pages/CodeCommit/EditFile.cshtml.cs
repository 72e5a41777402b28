using System.Text;
using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// Edit a file of a branch (the code browser's <b>Edit</b>): the file's text in a text area, then
/// PutFile with the commit the page was loaded at as the parent. Only UTF-8 text up to the code
/// browser's size limit is editable; binary files are not.
/// </summary>
public sealed class EditFileModel(RepositoryService repositories, ReferenceService references, FileService files, FileWriteService writes)
    : FileWritePage(repositories, references)
{
    public FileDescription? Described { get; private set; }

    /// <summary>Why the file cannot be edited here, when it cannot.</summary>
    public string? NotEditable { get; private set; }

    [BindProperty(Name = "Content")]
    public string? Text { get; set; }

    /// <summary>Whether the file's lines end with CRLF (kept so when committed).</summary>
    [BindProperty]
    public bool Crlf { get; set; }

    /// <summary>Whether the file starts with a UTF-8 byte order mark (kept when committed).</summary>
    [BindProperty]
    public bool Bom { get; set; }

    public async Task<IActionResult> OnGetAsync(string? rest)
    {
        if (!await LoadBranchAsync(rest))
        {
            return Page();
        }

        var ct = HttpContext.RequestAborted;
        Described = await TryAsync(() => files.DescribeFileAsync(Call, Name, Branch, Path, ct));
        if (Described is null || !Editable(Described))
        {
            return Page();
        }

        var content = await TryAsync(() => files.GetFileAsync(Call, Name, Described.CommitId, Path, ct));
        if (content is not null && Decode(content.Content) is { } text)
        {
            ParentCommitId = Described.CommitId;
            Text = text;
            CommitMessage = $"Edited {Path}";
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

        var bytes = Encode(Text ?? "", Crlf, Bom);
        var ct = HttpContext.RequestAborted;
        var written = await WriteAsync(() => writes.PutFileAsync(Call, Name, Branch, Path, null, bytes, ParentCommitId, Authoring, ct));
        if (written is null)
        {
            return Page();
        }

        SetFlash($"Committed {Path} to {Branch}: commit {Display.ShortId(written.CommitId)}.");
        return Redirect(BrowseUrl(Path));
    }

    private bool Editable(FileDescription file)
    {
        NotEditable = file switch
        {
            { IsBinary: true } => $"{FileName} is a binary file ({Display.Size(file.FileSize)}): it cannot be edited in the console. Push a new version with git instead.",
            { FileMode: FileModeType.Symlink } => $"{FileName} is a symbolic link: it cannot be edited in the console.",
            { FileSize: > BrowseModel.MaxViewBytes } => $"{FileName} is too large to edit in the console ({Display.Size(file.FileSize)}; the limit is {Display.Size(BrowseModel.MaxViewBytes)}).",
            _ => null,
        };
        return NotEditable is null;
    }

    /// <summary>The file's text, remembering its line ends and BOM; null (and why) when it is not UTF-8.</summary>
    private string? Decode(byte[] content)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            NotEditable = $"{FileName} is not UTF-8 text: it cannot be edited in the console without changing its bytes.";
            return null;
        }

        Bom = text.Length > 0 && text[0] == '\uFEFF';
        Crlf = text.Contains("\r\n", StringComparison.Ordinal);
        return Bom ? text[1..] : text;
    }
}
