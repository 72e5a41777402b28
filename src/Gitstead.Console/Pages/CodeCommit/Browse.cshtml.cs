using System.Text;
using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// A repository's page: the Clone URL menu, and the code browser — a branch or tag, a folder
/// of it (GetTree) with its README rendered, or a file (GetFile) with line numbers. An empty
/// repository shows the connection steps and the first push instead.
/// </summary>
public sealed class BrowseModel(RepositoryService repositories, ReferenceService references, FileService files) : RepositoryPage
{
    /// <summary>The largest file shown as text; a larger or binary one is offered as a download.</summary>
    public const long MaxViewBytes = 1024 * 1024;

    public IReadOnlyList<BranchInfo> Branches { get; private set; } = [];

    public IReadOnlyList<TagInfo> Tags { get; private set; } = [];

    /// <summary>The branch, tag or commit shown.</summary>
    public string? Ref { get; private set; }

    /// <summary>The folder or file shown, <c>""</c> for the root.</summary>
    public string Path { get; private set; } = "";

    public FolderContent? Folder { get; private set; }

    public FileDescription? FileShown { get; private set; }

    /// <summary>The file's lines, when it is text and small enough to show.</summary>
    public IReadOnlyList<string>? Lines { get; private set; }

    /// <summary>The folder's README.md as HTML (Markdig, raw HTML disabled), when it has one.</summary>
    public string? ReadmeHtml { get; private set; }

    public string? ReadmeName { get; private set; }

    public bool Empty => Repository is { DefaultBranch: null };

    public async Task<IActionResult> OnGetAsync(string? rest)
    {
        if (Request.Query["ref"] is { Count: > 0 } asked && asked.ToString() is { Length: > 0 } chosen)
        {
            // The branch selector without script: a GET form that names the ref; the page lives at its path.
            var path = Request.Query["path"].ToString().Trim('/');
            return Redirect(RepositoryUrl("browse/" + RefPath.Join(chosen, path)));
        }

        if (!await LoadRepositoryAsync(repositories) || Empty)
        {
            return Page();
        }

        var ct = HttpContext.RequestAborted;
        Branches = (await TryQuietlyAsync(() => references.ListBranchesAsync(Call, Name, PageRequest.First(1000), ct)))?.Items ?? [];
        Tags = (await TryQuietlyAsync(() => references.ListTagsAsync(Call, Name, PageRequest.First(1000), ct)))?.Items ?? [];
        var (reference, folderOrFile) = RefPath.Split(rest, Branches.Select(b => b.Name).Concat(Tags.Select(t => t.Name)));
        Ref = reference ?? Repository!.DefaultBranch;
        Path = folderOrFile;
        await ShowAsync(ct);
        return Page();
    }

    private async Task ShowAsync(CancellationToken ct)
    {
        try
        {
            Folder = await files.GetTreeAsync(Call, Name, Ref, Path, ct);
        }
        catch (AwsServiceException ex) when (ex.Code == "FolderDoesNotExistException" && Path.Length > 0)
        {
            await TryAsync(() => ShowFileAsync(ct));
            return;
        }
        catch (Exception ex) when (ex is AccessDeniedException or AwsServiceException)
        {
            Error = ex.Message;
            return;
        }

        var readme = Folder.Files.FirstOrDefault(f => Readme.IsReadme(f.RelativePath));
        if (readme is not null)
        {
            ReadmeName = readme.RelativePath;
            ReadmeHtml = await TryQuietlyAsync(() => RenderReadmeAsync(readme.AbsolutePath, ct));
        }
    }

    private async Task ShowFileAsync(CancellationToken ct)
    {
        FileShown = await files.DescribeFileAsync(Call, Name, Ref, Path, ct);
        if (!FileShown.IsBinary && FileShown.FileSize <= MaxViewBytes)
        {
            var content = await files.GetFileAsync(Call, Name, FileShown.CommitId, Path, ct);
            Lines = SplitLines(Decode(content.Content));
        }
    }

    private async Task<string> RenderReadmeAsync(string path, CancellationToken ct)
    {
        var described = await files.DescribeFileAsync(Call, Name, Folder!.CommitId, path, ct);
        if (described.IsBinary || described.FileSize > Readme.MaxBytes)
        {
            throw new AwsServiceException("FileTooLargeException", "The README is not shown.");
        }

        var content = await files.GetFileAsync(Call, Name, described.CommitId, path, ct);
        return Readme.ToHtml(Decode(content.Content), (url, image) =>
        {
            var target = Resolve(Folder.FolderPath, url);
            return image ? RepositoryUrl("raw/" + RefPath.Join(Folder.CommitId, target)) : BrowseUrl(target);
        });
    }

    /// <summary>The browser's URL of a path at the ref shown.</summary>
    public string BrowseUrl(string path) => RepositoryUrl("browse/" + RefPath.Join(Ref!, path));

    /// <summary>The raw download of a file of the commit shown (by commit id, so it is the bytes on the page).</summary>
    public string RawUrl(string path) => RepositoryUrl("raw/" + RefPath.Join(FileShown?.CommitId ?? Folder?.CommitId ?? Ref!, path));

    public string HistoryUrl(string? path = null) =>
        RepositoryUrl("commits/" + RefPath.Join(Ref!, "")) + (string.IsNullOrEmpty(path) ? "" : "&path=" + Uri.EscapeDataString(path));

    public bool IsBranch(string name) => Branches.Any(b => b.Name == name);

    /// <summary>True when the ref shown is a branch: its files can be edited, added and deleted (a tag or a commit cannot be written to).</summary>
    public bool OnBranch => Ref is not null && IsBranch(Ref);

    /// <summary>The URL of a page that writes to the branch shown: <c>edit</c>, <c>new-file</c> or <c>delete-file</c>.</summary>
    public string WriteUrl(string page, string path) => RepositoryUrl(page + "/" + RefPath.Join(Ref!, path));

    /// <summary>Entries of the folder: folders first, then files, symbolic links and submodules, each by name.</summary>
    public IEnumerable<(string Kind, string Name, string Path, string? Target)> Entries()
    {
        if (Folder is null)
        {
            yield break;
        }

        foreach (var folder in Folder.SubFolders.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            yield return ("folder", folder.RelativePath, folder.AbsolutePath, null);
        }

        var rest = Folder.Files.Select(f => (Kind: f.FileMode == FileModeType.Executable ? "executable" : "file", Name: f.RelativePath, Path: f.AbsolutePath, Target: (string?)null))
            .Concat(Folder.SymbolicLinks.Select(l => (Kind: "symlink", Name: l.RelativePath, Path: l.AbsolutePath, Target: (string?)null)))
            .Concat(Folder.SubModules.Select(m => (Kind: "submodule", Name: m.RelativePath, Path: m.AbsolutePath, Target: (string?)m.CommitId)));
        foreach (var entry in rest.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            yield return entry;
        }
    }

    /// <summary>The parent folder of the path shown.</summary>
    public string Parent => Path.Contains('/') ? Path[..Path.LastIndexOf('/')] : "";

    public string FileName => Path.Contains('/') ? Path[(Path.LastIndexOf('/') + 1)..] : Path;

    /// <summary>UTF-8 (a BOM dropped); bytes that are not UTF-8 show as U+FFFD.</summary>
    private static string Decode(byte[] content)
    {
        var text = Encoding.UTF8.GetString(content);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    private static List<string> SplitLines(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 1 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    /// <summary>A README's relative link as a repository path: against its folder, <c>.</c> and <c>..</c> applied, query and fragment dropped.</summary>
    internal static string Resolve(string folder, string url)
    {
        var cut = url.IndexOfAny(['?', '#']);
        var target = Uri.UnescapeDataString(cut < 0 ? url : url[..cut]);
        List<string> parts = target.StartsWith('/') ? [] : [.. folder.Split('/', StringSplitOptions.RemoveEmptyEntries)];
        foreach (var part in target.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }
}
