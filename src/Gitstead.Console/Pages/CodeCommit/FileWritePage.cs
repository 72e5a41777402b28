using System.Text;
using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// A page that commits to a branch from the code browser (edit, add, delete a file): the branch
/// and path from <c>{branch}/{path}</c> in the URL, the commit the page was loaded at (sent back
/// as PutFile's or DeleteFile's parent commit, so a branch that moved meanwhile is refused with
/// ParentCommitIdOutdatedException instead of being overwritten), and the author fields.
/// </summary>
public abstract class FileWritePage(RepositoryService repositories, ReferenceService references) : RepositoryPage
{
    /// <summary>The branch written to; null when the URL names no branch (a tag or a commit id cannot be written to).</summary>
    public string? Branch { get; private set; }

    /// <summary>The branch's tip as the page read it.</summary>
    public string? BranchTip { get; private set; }

    /// <summary>The file or folder from the URL, <c>""</c> for the root.</summary>
    public string Path { get; private set; } = "";

    /// <summary>The branch's tip when the form was first shown; a hidden field, so a POST keeps it.</summary>
    [BindProperty]
    public string? ParentCommitId { get; set; }

    [BindProperty]
    public string? CommitMessage { get; set; }

    [BindProperty]
    public string? AuthorName { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    /// <summary>True when the last write was refused because the branch moved after the page was loaded.</summary>
    public bool Outdated { get; private set; }

    public string FileName => Path.Contains('/') ? Path[(Path.LastIndexOf('/') + 1)..] : Path;

    /// <summary>The folder that holds <see cref="Path"/>.</summary>
    public string Parent => Path.Contains('/') ? Path[..Path.LastIndexOf('/')] : "";

    protected CommitAuthoring Authoring => new(AuthorName, Email, CommitMessage);

    /// <summary>The code browser's URL of a path on the branch.</summary>
    public string BrowseUrl(string path) => RepositoryUrl("browse/" + RefPath.Join(Branch ?? Repository?.DefaultBranch ?? "", path));

    /// <summary>
    /// Reads the repository and its branches and splits <paramref name="rest"/> into the branch
    /// and the path; false, with the reason as the page's error, when there is nothing to write to.
    /// </summary>
    protected async Task<bool> LoadBranchAsync(string? rest)
    {
        if (!await LoadRepositoryAsync(repositories))
        {
            return false;
        }

        var branches = await TryAsync(() => references.ListBranchesAsync(Call, Name, PageRequest.First(1000), HttpContext.RequestAborted));
        if (branches is null)
        {
            return false;
        }

        var names = branches.Items.Select(b => b.Name).ToList();
        var (reference, path) = RefPath.Split(rest, names);
        Path = path;
        // An empty repository has no branch yet: a file added to it creates the branch (main unless the URL names another).
        Branch = names.Count == 0 ? reference ?? "main"
            : reference is null ? Repository!.DefaultBranch
            : names.Contains(reference, StringComparer.Ordinal) ? reference : null;
        BranchTip = branches.Items.FirstOrDefault(b => b.Name == Branch)?.CommitId;
        if (Branch is null)
        {
            Error = $"{reference} is not a branch of this repository. Files can be changed on a branch only: choose one in the code browser.";
            return false;
        }

        return true;
    }

    /// <summary>The signed-in user's name as the author, unless the form already has one (CodeCommit uses the caller's ARN for an empty name).</summary>
    protected void PrefillAuthor() => AuthorName ??= Identity?.UserName ?? "root";

    /// <summary>
    /// Runs a write; a refusal or an AWS error becomes the page's error. An outdated parent
    /// commit says what happened in words first: the form keeps what was typed.
    /// </summary>
    protected async Task<T?> WriteAsync<T>(Func<Task<T>> write)
        where T : class
    {
        try
        {
            return await write();
        }
        catch (AwsServiceException ex) when (ex.Code == "ParentCommitIdOutdatedException")
        {
            Outdated = true;
            Error = $"Branch {Branch} has changed since you opened this page, so nothing was committed. Your changes are still below: "
                + $"copy them, open the latest version and apply them again. ({ex.Code}: {ex.Message})";
        }
        catch (AwsServiceException ex)
        {
            Error = $"{ex.Code}: {ex.Message}";
        }
        catch (AccessDeniedException ex)
        {
            Error = ex.Message;
        }

        return null;
    }

    /// <summary>Text as the file's bytes: the browser's CRLF line ends back to LF unless the file used CRLF, and its BOM kept.</summary>
    internal static byte[] Encode(string text, bool crlf, bool bom)
    {
        var lf = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var content = crlf ? lf.Replace("\n", "\r\n", StringComparison.Ordinal) : lf;
        var bytes = Encoding.UTF8.GetBytes(content);
        return bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }
}
