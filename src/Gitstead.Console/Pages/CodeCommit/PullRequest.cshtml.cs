using Gitstead.Aws;
using Gitstead.CodeCommit.PullRequests;
using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>A comment and the replies to it, oldest first.</summary>
public sealed record CommentThread(CommentInfo Root, IReadOnlyList<CommentInfo> Replies, CommentLocation? Location, bool OnCurrentRevision);

/// <summary>One entry of the Activity tab: an event of the pull request's history or a comment thread.</summary>
public sealed record ActivityEntry(DateTime Date, PullRequestEventInfo? Event, CommentThread? Thread);

/// <summary>
/// One pull request (GetPullRequest) with its tabs: Activity (DescribePullRequestEvents and the
/// comments, in time order), Changes (the differences from the merge base to the source, with
/// comments on lines), Approvals (rules, approvers, evaluation, override), and Merge (GetMergeOptions,
/// the conflicts, and MergePullRequestByFastForward/BySquash/ByThreeWay). Every action posts,
/// calls the service as the signed-in principal and redirects back with a message.
/// </summary>
public sealed partial class PullRequestModel(
    RepositoryService repositories,
    PullRequestService pullRequests,
    ApprovalService approvals,
    CommentService comments,
    DifferenceService differences,
    MergeService merges) : RepositoryPage
{
    /// <summary>The most pages of events or comments read (100 each).</summary>
    private const int MaxPages = 20;

    public string Id => RouteData.Values["id"] as string ?? "";

    /// <summary>activity, changes, approvals or merge.</summary>
    [BindProperty(Name = "tab", SupportsGet = true)]
    public string? TabAsked { get; set; }

    /// <summary>split for the side-by-side view of the changes.</summary>
    [BindProperty(Name = "view", SupportsGet = true)]
    public string? View { get; set; }

    /// <summary>The line a comment is being written on: its file, version (BEFORE/AFTER) and number.</summary>
    [BindProperty(Name = "file", SupportsGet = true)]
    public string? CommentFile { get; set; }

    [BindProperty(Name = "side", SupportsGet = true)]
    public string? CommentSide { get; set; }

    [BindProperty(Name = "line", SupportsGet = true)]
    public int? CommentLine { get; set; }

    /// <summary>Set by <c>?edit=details</c> (title and description) or <c>?edit=rule:NAME</c> / <c>?edit=new-rule</c>.</summary>
    [BindProperty(Name = "edit", SupportsGet = true)]
    public string? Editing { get; set; }

    public PullRequestInfo? PullRequest { get; private set; }

    public IReadOnlyList<ActivityEntry> Activity { get; private set; } = [];

    public IReadOnlyList<CommentThread> Threads { get; private set; } = [];

    public IReadOnlyList<(FileChange Change, IReadOnlyList<DiffLine>? Lines)> Diffs { get; private set; } = [];

    public ApprovalEvaluation? Evaluation { get; private set; }

    public IReadOnlyList<ApprovalInfo> Approvers { get; private set; } = [];

    public OverrideState? Override { get; private set; }

    public MergeOptionsResult? MergeOptions { get; private set; }

    public MergeConflictsResult? Conflicts { get; private set; }

    public IReadOnlyList<DescribedConflict> Described { get; private set; } = [];

    public string Tab => TabAsked is "changes" or "approvals" or "merge" ? TabAsked : "activity";

    public bool Split => View == "split";

    public bool IsOpen => PullRequest is { Status: "OPEN" };

    public bool IsAuthor => PullRequest is { } p && p.AuthorArn == Call.Caller.Arn;

    public bool HasApproved => Approvers.Any(a => a.UserArn == Call.Caller.Arn);

    /// <summary>The commit the changes are compared from: the merge base, else the destination commit.</summary>
    public string? BeforeCommit => PullRequest is { } p ? p.Target.MergeBase ?? p.Target.DestinationCommit : null;

    public string SourceBranch => PullRequest is { } p ? PullRequestDisplay.Branch(p.Target.SourceReference) : "";

    public string DestinationBranch => PullRequest is { } p ? PullRequestDisplay.Branch(p.Target.DestinationReference) : "";

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>This pull request's page at a tab, keeping the diff view.</summary>
    public string PageUrl(string? tab = null, string? extra = null) =>
        RepositoryUrl("pull-requests/" + Id) + (tab is null or "activity" ? "" : "&tab=" + tab) + (Split && tab == "changes" ? "&view=split" : "") + (extra ?? "");

    /// <summary>The Changes tab with the comment form open on one line.</summary>
    public string CommentLineUrl(string path, string side, int line) =>
        RepositoryUrl("pull-requests/" + Id) + "&tab=changes" + (Split ? "&view=split" : "")
        + $"&file={Uri.EscapeDataString(path)}&side={side}&line={line}#comment-form";

    public bool IsCommentTarget(string path, string side, int line) => CommentFile == path && CommentSide == side && CommentLine == line;

    /// <summary>The threads on a line of the current comparison (BEFORE or AFTER), or on the whole file (no line).</summary>
    public IEnumerable<CommentThread> ThreadsAt(string path, string side, int? line) =>
        Threads.Where(t => t.OnCurrentRevision && t.Location is { } l && l.FilePath == path
            && (line is null ? l.FilePosition is null : l.FilePosition == line && l.RelativeFileVersion == side));

    private async Task LoadAsync()
    {
        if (!await LoadRepositoryAsync(repositories))
        {
            return;
        }

        var ct = HttpContext.RequestAborted;
        PullRequest = await TryAsync(() => pullRequests.GetAsync(Call, Id, ct));
        if (PullRequest is null)
        {
            return;
        }

        await LoadThreadsAsync(ct);
        await LoadApprovalsAsync(ct);
        switch (Tab)
        {
            case "changes":
                var changes = await TryAsync(() => differences.GetComparisonChangesAsync(Call, Name, BeforeCommit, PullRequest.Target.SourceCommit, CommitModel.MaxFileDiffBytes, ct));
                Diffs = changes is null ? [] : CommitModel.Render(changes.Files);
                break;
            case "approvals":
                break;
            case "merge":
                await LoadMergeAsync(ct);
                break;
            default:
                await LoadActivityAsync(ct);
                break;
        }
    }

    private async Task LoadThreadsAsync(CancellationToken ct)
    {
        var all = new List<(CommentTarget Target, CommentInfo Comment)>();
        string? token = null;
        for (var i = 0; i < MaxPages; i++)
        {
            var page = await TryAsync(() => comments.GetForPullRequestAsync(Call, Id, null, null, null, new PageRequest(token, 100), ct));
            if (page is null)
            {
                break;
            }

            all.AddRange(page.Items.SelectMany(t => t.Comments.Select(c => (t.Target, c))));
            if ((token = page.NextToken) is null)
            {
                break;
            }
        }

        var byId = all.ToDictionary(c => c.Comment.CommentId);
        string RootOf(CommentInfo c)
        {
            var seen = 0;
            while (c.InReplyTo is { } parent && byId.TryGetValue(parent, out var up) && seen++ < 100)
            {
                c = up.Comment;
            }

            return c.CommentId;
        }

        var target = PullRequest!.Target;
        Threads = [.. all.Where(c => c.Comment.InReplyTo is null || !byId.ContainsKey(c.Comment.InReplyTo))
            .OrderBy(c => c.Comment.CreationDate)
            .Select(root => new CommentThread(
                root.Comment,
                [.. all.Where(c => c.Comment.CommentId != root.Comment.CommentId && RootOf(c.Comment) == root.Comment.CommentId).Select(c => c.Comment).OrderBy(c => c.CreationDate)],
                root.Target.Location,
                root.Target.AfterCommitId == target.SourceCommit && root.Target.BeforeCommitId == BeforeCommit))];
    }

    private async Task LoadActivityAsync(CancellationToken ct)
    {
        var events = new List<PullRequestEventInfo>();
        string? token = null;
        for (var i = 0; i < MaxPages; i++)
        {
            var page = await TryAsync(() => pullRequests.DescribeEventsAsync(Call, Id, null, null, token, 100, ct));
            if (page is null)
            {
                break;
            }

            events.AddRange(page.Items);
            if ((token = page.NextToken) is null)
            {
                break;
            }
        }

        Activity = [.. events.Select(e => new ActivityEntry(e.EventDate, e, null))
            .Concat(Threads.Select(t => new ActivityEntry(t.Root.CreationDate, null, t)))
            .OrderBy(a => a.Date)];
    }

    private async Task LoadApprovalsAsync(CancellationToken ct)
    {
        var revision = PullRequest!.RevisionId;
        Approvers = await TryQuietlyAsync(() => approvals.GetApprovalStatesAsync(Call, Id, revision, ct)) ?? [];
        Override = await TryQuietlyAsync(() => approvals.GetOverrideStateAsync(Call, Id, revision, ct));
        if (IsOpen)
        {
            Evaluation = await TryQuietlyAsync(() => approvals.EvaluateAsync(Call, Id, revision, ct));
        }
    }

    private async Task LoadMergeAsync(CancellationToken ct)
    {
        if (!IsOpen)
        {
            return;
        }

        var request = new MergeRequest(Name, PullRequest!.Target.SourceCommit, DestinationBranch) { ConflictDetailLevel = "LINE_LEVEL" };
        MergeOptions = await TryAsync(() => merges.GetMergeOptionsAsync(Call, request, ct));
        if (MergeOptions is null)
        {
            return;
        }

        Conflicts = await TryAsync(() => merges.GetMergeConflictsAsync(Call, request, MergeModel.ThreeWay, null, null, ct));
        var described = new List<DescribedConflict>();
        foreach (var file in Conflicts?.Conflicts.Take(MergeModel.MaxDescribedFiles) ?? [])
        {
            if (await TryQuietlyAsync(() => merges.DescribeMergeConflictsAsync(Call, request, MergeModel.ThreeWay, file.FilePath, MergeModel.MaxHunksPerFile, null, ct)) is { } one)
            {
                described.Add(one);
            }
        }

        Described = described;
        Strategy ??= MergeOptions.Options.Contains(MergeOption.FastForward) ? MergeModel.FastForward : MergeModel.Squash;
        Resolution ??= "NONE";
        CommitMessage ??= $"Merge pull request {Id}: {PullRequest.Title}";
        AuthorName ??= Identity?.UserName ?? "root";
    }

    /// <summary>
    /// Runs an action of the page; a refusal becomes the page's error (<c>Code: message</c> for
    /// AWS errors, AWS's sentence for a denial), shown on the page read again.
    /// </summary>
    private async Task<IActionResult> ActAsync(Func<CancellationToken, Task<string>> action, string tab, string? extra = null)
    {
        string? done = null;
        try
        {
            done = await action(HttpContext.RequestAborted);
        }
        catch (AwsServiceException ex)
        {
            Error = $"{ex.Code}: {ex.Message}";
        }
        catch (AccessDeniedException ex)
        {
            Error = ex.Message;
        }

        if (done is null)
        {
            var refusal = Error;
            TabAsked = tab;
            await LoadAsync();
            Error = refusal;
            return Page();
        }

        SetFlash(done);
        return Redirect(PageUrl(tab == "merge" ? "activity" : tab, extra)); // a merged pull request has no Merge tab
    }
}
