using Gitstead.Aws;
using Gitstead.CodeCommit.PullRequests;
using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// Create pull request: choose a destination and a source branch, compare them (GetMergeOptions
/// for the merge base, then the differences from it to the source with their unified diffs),
/// then give a title and a description and CreatePullRequest.
/// </summary>
public sealed class CreatePullRequestModel(
    RepositoryService repositories, ReferenceService references, MergeService merges, DifferenceService differences, PullRequestService pullRequests) : RepositoryPage
{
    public IReadOnlyList<BranchInfo> Branches { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Source { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Destination { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    /// <summary>The branches as compared: their commits and merge base.</summary>
    public MergeCommits? Compared { get; private set; }

    /// <summary>What the source changes against the merge base, each file with the lines of its diff.</summary>
    public IReadOnlyList<(FileChange Change, IReadOnlyList<DiffLine>? Lines)> Diffs { get; private set; } = [];

    /// <summary>The form was sent and refused: it is shown again with what was typed.</summary>
    public bool Refused { get; private set; }

    /// <summary>The comparison found something to merge (or the form was refused): the title and description may be given.</summary>
    public bool CanCreate => Refused || (Compared is not null && Diffs.Count > 0 && Error is null);

    public bool Asked => !string.IsNullOrEmpty(Source) && !string.IsNullOrEmpty(Destination);

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        PullRequestInfo? created = null;
        try
        {
            created = await pullRequests.CreateAsync(Call, Title, Description, [new PullRequestTargetInput(Name, Source, Destination)], null, ct);
        }
        catch (AwsServiceException ex)
        {
            Error = $"{ex.Code}: {ex.Message}";
        }
        catch (AccessDeniedException ex)
        {
            Error = ex.Message;
        }

        if (created is null)
        {
            var refusal = Error;
            await LoadAsync();
            (Error, Refused) = (refusal, true);
            return Page();
        }

        SetFlash($"Created pull request {created.PullRequestId}: {created.Title}.");
        return Redirect(RepositoryUrl("pull-requests/" + created.PullRequestId));
    }

    private async Task LoadAsync()
    {
        if (!await LoadRepositoryAsync(repositories))
        {
            return;
        }

        var ct = HttpContext.RequestAborted;
        Branches = (await TryAsync(() => references.ListBranchesAsync(Call, Name, PageRequest.First(1000), ct)))?.Items ?? [];
        Destination ??= Repository!.DefaultBranch;
        if (!Asked)
        {
            return;
        }

        if (Source == Destination)
        {
            Error = "The source and destination branches are the same: choose a source branch with changes to merge.";
            return;
        }

        Compared = (await TryAsync(() => merges.GetMergeOptionsAsync(Call, new MergeRequest(Name, Source, Destination), ct)))?.Commits;
        if (Compared is null)
        {
            return;
        }

        if (Compared.SourceCommitId == Compared.BaseCommitId || Compared.SourceCommitId == Compared.DestinationCommitId)
        {
            Error = $"{Destination} already contains every commit of {Source}: there is nothing to merge.";
            return;
        }

        var before = Compared.BaseCommitId ?? Compared.DestinationCommitId;
        var changes = await TryAsync(() => differences.GetComparisonChangesAsync(Call, Name, before, Compared.SourceCommitId, CommitModel.MaxFileDiffBytes, ct));
        Diffs = changes is null ? [] : CommitModel.Render(changes.Files);
        if (changes is { Files.Count: 0 })
        {
            Error = $"There are no differences between {Destination} and {Source}.";
        }
    }
}
