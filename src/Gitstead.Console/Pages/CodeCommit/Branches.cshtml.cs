using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// A repository's branches with their tip commits (<c>codecommit:GetReferences</c>), the default
/// one marked; CreateBranch from a branch or a commit id, DeleteBranch after a confirmation
/// (never the default branch: the service refuses it too), UpdateDefaultBranch.
/// </summary>
public sealed class BranchesModel(RepositoryService repositories, ReferenceService references, BranchService branches) : RepositoryPage
{
    public IReadOnlyList<BranchInfo> Items { get; private set; } = [];

    /// <summary>The branch whose deletion is being confirmed (<c>?delete=</c>).</summary>
    [BindProperty(Name = "delete", SupportsGet = true)]
    public string? ConfirmDelete { get; set; }

    [BindProperty]
    public string? BranchName { get; set; }

    /// <summary>A branch name or a full commit id to start the new branch from.</summary>
    [BindProperty]
    public string? From { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync();
        var from = From?.Trim() ?? "";
        var commitId = Items.FirstOrDefault(b => b.Name == from)?.CommitId ?? from;
        if (await TryAsync(() => branches.CreateAsync(Call, Name, BranchName?.Trim(), commitId, ct)))
        {
            SetFlash($"Branch {BranchName!.Trim()} was created.");
            return Redirect(RepositoryUrl("branches"));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (await TryAsync(async () => { await branches.DeleteAsync(Call, Name, BranchName, HttpContext.RequestAborted); }))
        {
            SetFlash($"Branch {BranchName} was deleted.");
            return Redirect(RepositoryUrl("branches"));
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDefaultAsync()
    {
        if (await TryAsync(() => branches.SetDefaultAsync(Call, Name, BranchName, HttpContext.RequestAborted)))
        {
            SetFlash($"{BranchName} is now the default branch.");
            return Redirect(RepositoryUrl("branches"));
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        if (!await LoadRepositoryAsync(repositories))
        {
            return;
        }

        var list = await TryAsync(() => references.ListBranchesAsync(Call, Name, PageRequest.First(1000), HttpContext.RequestAborted));
        Items = list?.Items ?? [];
    }

    public bool IsDefault(string branch) => Repository?.DefaultBranch == branch;

    public string BrowseUrl(string branch) => RepositoryUrl("browse/" + RefPath.Join(branch, ""));
}
