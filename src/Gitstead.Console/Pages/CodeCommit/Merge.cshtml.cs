using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// Merge branches: choose a source and a destination branch, see what GetMergeOptions offers and
/// the conflicting files (GetMergeConflicts, each described with DescribeMergeConflicts), then
/// MergeBranchesByFastForward, BySquash or ByThreeWay with a conflict resolution strategy.
/// </summary>
public sealed class MergeModel(RepositoryService repositories, ReferenceService references, MergeService merges) : RepositoryPage
{
    public const string FastForward = "FAST_FORWARD_MERGE";
    public const string Squash = "SQUASH_MERGE";
    public const string ThreeWay = "THREE_WAY_MERGE";

    /// <summary>The conflicting files described with their hunks, at most; the rest are listed by name.</summary>
    public const int MaxDescribedFiles = 20;

    /// <summary>The hunks shown of one conflicting file, at most.</summary>
    public const int MaxHunksPerFile = 20;

    public IReadOnlyList<BranchInfo> Branches { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Source { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Destination { get; set; }

    /// <summary>FILE_LEVEL or LINE_LEVEL; the console starts at LINE_LEVEL, so only what git cannot merge is a conflict.</summary>
    [BindProperty(Name = "level", SupportsGet = true)]
    public string? DetailLevel { get; set; }

    /// <summary>The commit a merge just made (after the redirect), for the result's link.</summary>
    [BindProperty(Name = "merged", SupportsGet = true)]
    public string? MergedCommitId { get; set; }

    [BindProperty]
    public string? Strategy { get; set; }

    [BindProperty]
    public string? Resolution { get; set; }

    [BindProperty]
    public string? CommitMessage { get; set; }

    [BindProperty]
    public string? AuthorName { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    /// <summary>What GetMergeOptions allows, when both branches are chosen.</summary>
    public MergeOptionsResult? Options { get; private set; }

    /// <summary>The conflicting files of a three-way merge without a resolution strategy.</summary>
    public MergeConflictsResult? Conflicts { get; private set; }

    /// <summary>The conflicting files described with their hunks.</summary>
    public IReadOnlyList<DescribedConflict> Described { get; private set; } = [];

    public bool Compared => Options is not null;

    /// <summary>The destination already has every commit of the source.</summary>
    public bool UpToDate => Options is { Commits: var c } && c.SourceCommitId == c.BaseCommitId;

    public bool CanFastForward => Options?.Options.Contains(MergeOption.FastForward) == true;

    public string Level => DetailLevel is "FILE_LEVEL" ? "FILE_LEVEL" : "LINE_LEVEL";

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Strategy ??= CanFastForward ? FastForward : ThreeWay;
        Resolution ??= "NONE";
        CommitMessage ??= Source is { Length: > 0 } && Destination is { Length: > 0 } ? $"Merge {Source} into {Destination}" : null;
        AuthorName ??= Identity?.UserName ?? "root";
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var request = new MergeRequest(Name, Source, Destination) { ConflictDetailLevel = Level, ConflictResolutionStrategy = Resolution ?? "NONE" };
        var commit = new MergeCommitRequest { AuthorName = AuthorName, Email = Email, CommitMessage = CommitMessage };
        var ct = HttpContext.RequestAborted;
        var (how, merge) = Strategy switch
        {
            FastForward => ("a fast-forward merge", (Func<Task<MergeResult>>)(() => merges.MergeByFastForwardAsync(Call, request, null, ct))),
            Squash => ("a squash merge", () => merges.MergeBySquashAsync(Call, request, commit, ct)),
            _ => ("a three-way merge", () => merges.MergeByThreeWayAsync(Call, request, commit, ct)),
        };
        var merged = await MergeAsync(merge);
        if (merged is null)
        {
            // The preview is read again; the merge's refusal stays the error shown, whatever the preview meets.
            var refusal = Error;
            await LoadAsync();
            Error = refusal;
            return Page();
        }

        SetFlash($"Merged {Source} into {Destination} by {how}: {Destination} is now at commit {Display.ShortId(merged.CommitId)}.");
        return Redirect(MergeUrl(Source, Destination) + "&merged=" + merged.CommitId);
    }

    /// <summary>This page for two branches, at the detail level shown.</summary>
    public string MergeUrl(string? source, string? destination) =>
        RepositoryUrl("merge") + $"&source={Uri.EscapeDataString(source ?? "")}&destination={Uri.EscapeDataString(destination ?? "")}&level={Level}";

    /// <summary>The commit id a merge answered (after the redirect), when it looks like one.</summary>
    public string? Merged => MergedCommitId is { Length: 40 } id && id.All(char.IsAsciiHexDigitLower) ? id : null;

    private async Task LoadAsync()
    {
        if (!await LoadRepositoryAsync(repositories))
        {
            return;
        }

        var ct = HttpContext.RequestAborted;
        var listed = await TryAsync(() => references.ListBranchesAsync(Call, Name, PageRequest.First(1000), ct));
        Branches = listed?.Items ?? [];
        Destination ??= Repository!.DefaultBranch;
        Source ??= Branches.FirstOrDefault(b => b.Name != Destination)?.Name;
        if (string.IsNullOrEmpty(Source) || string.IsNullOrEmpty(Destination) || listed is null)
        {
            return;
        }

        if (Source == Destination)
        {
            Error = "Choose two different branches: the source is merged into the destination.";
            return;
        }

        var request = new MergeRequest(Name, Source, Destination) { ConflictDetailLevel = Level };
        Options = await TryAsync(() => merges.GetMergeOptionsAsync(Call, request, ct));
        if (Options is null || UpToDate)
        {
            return;
        }

        Conflicts = await TryAsync(() => merges.GetMergeConflictsAsync(Call, request, ThreeWay, null, null, ct));
        var described = new List<DescribedConflict>();
        foreach (var file in Conflicts?.Conflicts.Take(MaxDescribedFiles) ?? [])
        {
            if (await TryQuietlyAsync(() => merges.DescribeMergeConflictsAsync(Call, request, ThreeWay, file.FilePath, MaxHunksPerFile, null, ct)) is { } one)
            {
                described.Add(one);
            }
        }

        Described = described;
    }

    /// <summary>Runs a merge; its refusal or error becomes the page's error (<c>Code: message</c> for AWS errors, AWS's sentence for a denial).</summary>
    private async Task<MergeResult?> MergeAsync(Func<Task<MergeResult>> merge)
    {
        try
        {
            return await merge();
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
}
