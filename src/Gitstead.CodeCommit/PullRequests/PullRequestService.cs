using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.CodeCommit.PullRequests;

/// <summary>
/// Pull requests: creation, reads, lists, title, description and status, their history, and the
/// three merges. Each method checks its input (<see cref="PullRequestRules"/>), finds the pull
/// request in the caller's account and region, authorizes its own action on the pull request's
/// repository, opens the repository under its KMS key where the operation reads content, and
/// brings the pull request up to date with its branches before answering. Merges go through
/// <see cref="MergeService"/>, the same merge as the branch merges.
/// </summary>
public sealed class PullRequestService
{
    private readonly PullRequestStore _store;
    private readonly IAuthorizer _authorizer;
    private readonly RepositoryStore _repositories;
    private readonly MergeService _merges;
    private readonly IApprovalRuleTemplateSource _templates;

    internal PullRequestService(PullRequestStore store, IAuthorizer authorizer, RepositoryStore repositories, MergeService merges, IApprovalRuleTemplateSource templates)
    {
        _store = store;
        _authorizer = authorizer;
        _repositories = repositories;
        _merges = merges;
        _templates = templates;
    }

    /// <summary>
    /// CreatePullRequest: <c>codecommit:CreatePullRequest</c>. One target whose source and
    /// destination are different branches (the destination defaults to the repository's default
    /// branch) and whose source is not already in the destination; the rules of the approval rule
    /// templates that apply are copied in. The same client request token with the same parameters
    /// answers the pull request it made.
    /// </summary>
    public async Task<PullRequestInfo> CreateAsync(
        CallContext call, string? title, string? description, IReadOnlyList<PullRequestTargetInput>? targets, string? clientRequestToken, CancellationToken ct)
    {
        var validTitle = PullRequestRules.Title(title);
        var validDescription = PullRequestRules.Description(description);
        var target = PullRequestRules.Target(targets);
        var token = CommentRules.ClientRequestToken(clientRequestToken);
        var name = target.RepositoryName!;
        var sourceBranch = PullRequestRules.Branch(target.SourceReference);
        var destinationBranch = string.IsNullOrEmpty(target.DestinationReference) ? null : PullRequestRules.Branch(target.DestinationReference);
        await _authorizer.RequireAsync(call, "codecommit:CreatePullRequest", RepositoryService.Arn(call, name), ct);
        var repository = await _repositories.OpenAsync(call, name, KeyUse.Read, ct);
        var hash = CommentRules.Hash("CreatePullRequest", repository.Key, validTitle, validDescription, sourceBranch, destinationBranch);
        if (await ByTokenAsync(call, token, hash, ct) is { } earlier)
        {
            return earlier;
        }

        destinationBranch ??= repository.DefaultBranch ?? throw PullRequestRules.ReferenceDoesNotExist("(default branch)");
        var source = await BranchAsync(repository, sourceBranch, ct);
        var destination = await BranchAsync(repository, destinationBranch, ct);
        if (sourceBranch == destinationBranch || await MergeEngine.IsAncestorAsync(repository, source, destination, ct))
        {
            throw PullRequestRules.SourceAndDestinationAreSame(sourceBranch);
        }

        await using (var context = _store.Db.Create())
        {
            if (await context.PullRequests.CountAsync(p => p.RepositoryKey == repository.Key && p.Status == PullRequestRules.Open, ct) >= PullRequestRules.MaxOpenPerRepository)
            {
                throw PullRequestRules.MaximumOpenPullRequestsExceeded();
            }
        }

        var now = _store.Now();
        var row = new PullRequest
        {
            AccountId = call.AccountId,
            Region = call.Region,
            RepositoryKey = repository.Key,
            Title = validTitle,
            Description = validDescription,
            AuthorArn = call.Caller.Arn,
            Status = PullRequestRules.Open,
            ClientRequestToken = token,
            RequestHash = hash,
            CreationDate = now,
            LastActivityDate = now,
            SourceReference = "refs/heads/" + sourceBranch,
            DestinationReference = "refs/heads/" + destinationBranch,
            SourceCommit = source,
            DestinationCommit = destination,
            MergeBase = await MergeEngine.MergeBaseAsync(repository, destination, source, ct),
            RevisionId = PullRequestStore.NewRevisionId(),
        };
        var templates = await _templates.ForNewPullRequestAsync(call.AccountId, call.Region, repository.Key, row.DestinationReference, ct);
        if (!await InsertAsync(row, ct))
        {
            return await ByTokenAsync(call, token, hash, ct) ?? throw new InvalidOperationException("A pull request could not be saved, and none holds its client request token.");
        }

        var created = PullRequestStore.Event(row.Key, "PULL_REQUEST_CREATED", call.Caller.Arn, now, new PullRequestEventMetadata
        {
            RepositoryName = repository.Name,
            SourceCommitId = source,
            DestinationCommitId = destination,
            MergeBase = row.MergeBase,
        });
        await using (var context = _store.Db.Create())
        {
            context.PullRequestEvents.Add(created);
            foreach (var template in templates.Take(PullRequestRules.MaxRulesPerPullRequest))
            {
                context.PullRequestApprovalRules.Add(new PullRequestApprovalRule
                {
                    PullRequestKey = row.Key,
                    ApprovalRuleId = Guid.NewGuid().ToString(),
                    Name = template.TemplateName,
                    Content = template.Content,
                    CreationDate = now,
                    LastModifiedDate = now,
                    LastModifiedUser = call.Caller.Arn,
                    TemplateId = template.TemplateId,
                    TemplateName = template.TemplateName,
                });
            }

            await context.SaveChangesAsync(ct);
        }

        await _store.NotifyAsync(repository, row.Key, [created]);
        return await _store.InfoAsync(row, repository.Name, ct);
    }

    /// <summary>GetPullRequest: <c>codecommit:GetPullRequest</c>.</summary>
    public async Task<PullRequestInfo> GetAsync(CallContext call, string? pullRequestId, CancellationToken ct)
    {
        var (row, repository) = await _store.OpenAsync(_authorizer, _repositories, call, pullRequestId, "codecommit:GetPullRequest", KeyUse.Read, ct);
        return await _store.InfoAsync(row, repository.Name, ct);
    }

    /// <summary>
    /// ListPullRequests: <c>codecommit:ListPullRequests</c>. The ids of a repository's pull
    /// requests, newest first, optionally only one author's (AuthorDoesNotExistException when no
    /// such principal is in the account) or one status (the open pull requests are brought up to
    /// date with their branches first), a page at a time.
    /// </summary>
    public async Task<Page<string>> ListAsync(
        CallContext call, string? repositoryName, string? authorArn, string? pullRequestStatus, string? nextToken, int? maxResults, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        var author = PullRequestRules.Arn(authorArn, "InvalidAuthorArnException");
        var status = PullRequestRules.Status(pullRequestStatus, required: false);
        var page = PullRequestRules.Page(nextToken, maxResults);
        var cursor = PullRequestRules.Cursor(page, long.MaxValue);
        await _authorizer.RequireAsync(call, "codecommit:ListPullRequests", RepositoryService.Arn(call, name), ct);
        var repository = await _repositories.OpenAsync(call, name, KeyUse.Read, ct);
        if (author is not null && !await _store.PrincipalExistsAsync(call.AccountId, author, ct))
        {
            throw PullRequestRules.AuthorDoesNotExist(author);
        }

        if (status is not null)
        {
            await _store.RefreshOpenAsync(repository, ct);
        }

        await using var context = _store.Db.Create();
        var numbers = await context.PullRequests.AsNoTracking()
            .Where(p => p.RepositoryKey == repository.Key && p.Number < cursor && (author == null || p.AuthorArn == author) && (status == null || p.Status == status))
            .OrderByDescending(p => p.Number)
            .Take(page.MaxItems + 1)
            .Select(p => p.Number)
            .ToListAsync(ct);
        var ids = numbers.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return Page<string>.FromOverfetch(ids, page.MaxItems, PageTokens.EncodeKey);
    }

    /// <summary>UpdatePullRequestTitle: <c>codecommit:UpdatePullRequestTitle</c>; open pull requests only.</summary>
    public async Task<PullRequestInfo> UpdateTitleAsync(CallContext call, string? pullRequestId, string? title, CancellationToken ct)
    {
        var valid = PullRequestRules.Title(title);
        return await UpdateOpenAsync(call, pullRequestId, "codecommit:UpdatePullRequestTitle", p => p.Title = valid, ct);
    }

    /// <summary>UpdatePullRequestDescription: <c>codecommit:UpdatePullRequestDescription</c>; open pull requests only.</summary>
    public async Task<PullRequestInfo> UpdateDescriptionAsync(CallContext call, string? pullRequestId, string? description, CancellationToken ct)
    {
        var valid = PullRequestRules.Description(description ?? "");
        return await UpdateOpenAsync(call, pullRequestId, "codecommit:UpdatePullRequestDescription", p => p.Description = valid, ct);
    }

    /// <summary>
    /// UpdatePullRequestStatus: <c>codecommit:UpdatePullRequestStatus</c>. OPEN to CLOSED, and a
    /// closed pull request that was not merged back to OPEN; anything else is
    /// InvalidPullRequestStatusUpdateException.
    /// </summary>
    public async Task<PullRequestInfo> UpdateStatusAsync(CallContext call, string? pullRequestId, string? pullRequestStatus, CancellationToken ct)
    {
        PullRequestCheck(pullRequestId);
        var status = PullRequestRules.Status(pullRequestStatus, required: true)!;
        var (row, repository) = await _store.OpenAsync(_authorizer, _repositories, call, pullRequestId, "codecommit:UpdatePullRequestStatus", KeyUse.Read, ct);
        if (row.IsMerged || row.Status == status)
        {
            throw PullRequestRules.InvalidStatusUpdate(PullRequestStore.Id(row), status);
        }

        var now = _store.Now();
        await using (var context = _store.Db.Create())
        {
            if (status == PullRequestRules.Open
                && await context.PullRequests.CountAsync(p => p.RepositoryKey == repository.Key && p.Status == PullRequestRules.Open, ct) >= PullRequestRules.MaxOpenPerRepository)
            {
                throw PullRequestRules.MaximumOpenPullRequestsExceeded();
            }

            var updated = await context.PullRequests.Where(p => p.Key == row.Key && p.Status == row.Status && !p.IsMerged)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, status).SetProperty(p => p.LastActivityDate, now), ct);
            if (updated == 0)
            {
                throw PullRequestRules.InvalidStatusUpdate(PullRequestStore.Id(row), status);
            }

            var changed = PullRequestStore.Event(row.Key, "PULL_REQUEST_STATUS_CHANGED", call.Caller.Arn, now, new PullRequestEventMetadata { PullRequestStatus = status });
            context.PullRequestEvents.Add(changed);
            await context.SaveChangesAsync(ct);
            await _store.NotifyAsync(repository, row.Key, [changed]);
        }

        row = await _store.RefreshAsync(repository, await _store.ReloadAsync(row.Key, ct), ct);
        return await _store.InfoAsync(row, repository.Name, ct);
    }

    /// <summary>
    /// DescribePullRequestEvents: <c>codecommit:DescribePullRequestEvents</c>. The history, oldest
    /// first, optionally of one event type and one actor (ActorDoesNotExistException when no such
    /// principal is in the account), a page at a time (at most 100).
    /// </summary>
    public async Task<Page<PullRequestEventInfo>> DescribeEventsAsync(
        CallContext call, string? pullRequestId, string? eventType, string? actorArn, string? nextToken, int? maxResults, CancellationToken ct)
    {
        PullRequestCheck(pullRequestId);
        var type = PullRequestRules.EventType(eventType);
        var actor = PullRequestRules.Arn(actorArn, "InvalidActorArnException");
        var page = PullRequestRules.Page(nextToken, maxResults);
        var cursor = PullRequestRules.Cursor(page, 0);
        var (row, _) = await _store.OpenAsync(_authorizer, _repositories, call, pullRequestId, "codecommit:DescribePullRequestEvents", KeyUse.Read, ct);
        if (actor is not null && !await _store.PrincipalExistsAsync(call.AccountId, actor, ct))
        {
            throw PullRequestRules.ActorDoesNotExist(actor);
        }

        await using var context = _store.Db.Create();
        var events = await context.PullRequestEvents.AsNoTracking()
            .Where(e => e.PullRequestKey == row.Key && e.Key > cursor && (type == null || e.EventType == type) && (actor == null || e.ActorArn == actor))
            .OrderBy(e => e.Key)
            .Take(page.MaxItems + 1)
            .ToListAsync(ct);
        var keyed = Page<PullRequestEvent>.FromOverfetch(events, page.MaxItems, e => PageTokens.EncodeKey(e.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new Page<PullRequestEventInfo>([.. keyed.Items.Select(e => PullRequestStore.EventInfo(row, e))], keyed.NextToken);
    }

    /// <summary>MergePullRequestByFastForward: <c>codecommit:MergePullRequestByFastForward</c> with the destination as <c>codecommit:References</c>.</summary>
    public Task<PullRequestInfo> MergeByFastForwardAsync(CallContext call, string? pullRequestId, string? repositoryName, string? sourceCommitId, CancellationToken ct) =>
        MergeAsync(call, "codecommit:MergePullRequestByFastForward", MergeOption.FastForward, pullRequestId, repositoryName, sourceCommitId, null, null, new MergeCommitRequest(), ct);

    /// <summary>MergePullRequestBySquash: <c>codecommit:MergePullRequestBySquash</c>; conflicts are handled as MergeBranchesBySquash handles them.</summary>
    public Task<PullRequestInfo> MergeBySquashAsync(
        CallContext call, string? pullRequestId, string? repositoryName, string? sourceCommitId, string? conflictDetailLevel, string? conflictResolutionStrategy,
        MergeCommitRequest commit, CancellationToken ct) =>
        MergeAsync(call, "codecommit:MergePullRequestBySquash", MergeOption.Squash, pullRequestId, repositoryName, sourceCommitId, conflictDetailLevel, conflictResolutionStrategy, commit, ct);

    /// <summary>MergePullRequestByThreeWay: <c>codecommit:MergePullRequestByThreeWay</c>; conflicts are handled as MergeBranchesByThreeWay handles them.</summary>
    public Task<PullRequestInfo> MergeByThreeWayAsync(
        CallContext call, string? pullRequestId, string? repositoryName, string? sourceCommitId, string? conflictDetailLevel, string? conflictResolutionStrategy,
        MergeCommitRequest commit, CancellationToken ct) =>
        MergeAsync(call, "codecommit:MergePullRequestByThreeWay", MergeOption.ThreeWay, pullRequestId, repositoryName, sourceCommitId, conflictDetailLevel, conflictResolutionStrategy, commit, ct);

    /// <summary>
    /// Checks the pull request (its repository, open, the source tip the caller saw, its approval
    /// rules met or overridden), merges its source commit into its destination branch through
    /// <see cref="MergeService"/>, and records the merge: the pull request is closed and merged by the caller.
    /// </summary>
    private async Task<PullRequestInfo> MergeAsync(
        CallContext call, string action, MergeOption option, string? pullRequestId, string? repositoryName, string? sourceCommitId, string? conflictDetailLevel,
        string? conflictResolutionStrategy, MergeCommitRequest commit, CancellationToken ct)
    {
        var id = CommentRules.PullRequestId(pullRequestId);
        var name = RepositoryRules.Name(repositoryName);
        var expected = string.IsNullOrEmpty(sourceCommitId) ? null : GitObjectIds.Normalize(sourceCommitId) ?? throw CodeCommitErrors.InvalidCommitId(sourceCommitId);
        var (row, repository) = await _store.FindAsync(call, id, ct);
        if (repository.Name != name)
        {
            throw CommentRules.RepositoryNotAssociatedWithPullRequest(name, id);
        }

        var destination = PullRequestStore.Short(row.DestinationReference);
        await _authorizer.RequireAsync(call, action, RepositoryService.Arn(call, name), RepositoryRules.References(destination), ct);
        row = await _store.RefreshAsync(repository, row, ct);
        if (row.Status != PullRequestRules.Open)
        {
            throw PullRequestRules.AlreadyClosed(id);
        }

        if (expected is not null && expected != row.SourceCommit)
        {
            throw PullRequestRules.TipOfSourceReferenceIsDifferent(expected, row.SourceCommit);
        }

        if (!(await _store.EvaluateAsync(row, row.RevisionId, call.AccountId, ct)).Approved)
        {
            throw PullRequestRules.RulesNotSatisfied(id);
        }

        var request = new MergeRequest(name, row.SourceCommit, destination) { ConflictDetailLevel = conflictDetailLevel, ConflictResolutionStrategy = conflictResolutionStrategy };
        var merged = await _merges.MergePullRequestAsync(call, action, request, commit, option, ct);
        var now = _store.Now();
        var metadata = new MergeMetadataInfo(true, call.Caller.Arn, merged.CommitId, MergeRules.Name(option));
        await using (var context = _store.Db.Create())
        {
            await context.PullRequests.Where(p => p.Key == row.Key).ExecuteUpdateAsync(
                s => s.SetProperty(p => p.IsMerged, true)
                    .SetProperty(p => p.MergedBy, metadata.MergedBy)
                    .SetProperty(p => p.MergeCommitId, metadata.MergeCommitId)
                    .SetProperty(p => p.MergeOption, metadata.MergeOption)
                    .SetProperty(p => p.Status, PullRequestRules.Closed)
                    .SetProperty(p => p.LastActivityDate, now),
                ct);
            var mergedEvent = PullRequestStore.Event(row.Key, "PULL_REQUEST_MERGE_STATE_CHANGED", call.Caller.Arn, now, new PullRequestEventMetadata
            {
                RepositoryName = repository.Name,
                DestinationReference = row.DestinationReference,
                MergeMetadata = metadata,
            });
            context.PullRequestEvents.Add(mergedEvent);
            await context.SaveChangesAsync(ct);
            await _store.NotifyAsync(repository, row.Key, [mergedEvent]);
        }

        return await _store.InfoAsync(await _store.ReloadAsync(row.Key, ct), repository.Name, ct);
    }

    private async Task<PullRequestInfo> UpdateOpenAsync(CallContext call, string? pullRequestId, string action, Action<PullRequest> change, CancellationToken ct)
    {
        PullRequestCheck(pullRequestId);
        var (row, repository) = await _store.OpenAsync(_authorizer, _repositories, call, pullRequestId, action, null, ct);
        if (row.Status != PullRequestRules.Open)
        {
            throw PullRequestRules.AlreadyClosed(PullRequestStore.Id(row));
        }

        await using var context = _store.Db.Create();
        var tracked = await context.PullRequests.FirstAsync(p => p.Key == row.Key, ct);
        change(tracked);
        tracked.LastActivityDate = _store.Now();
        await context.SaveChangesAsync(ct);
        return await _store.InfoAsync(tracked, repository.Name, ct);
    }

    /// <summary>The tip of a branch: ReferenceTypeNotSupportedException for a tag, ReferenceDoesNotExistException otherwise.</summary>
    private static async Task<string> BranchAsync(RepositoryInfo repository, string branch, CancellationToken ct)
    {
        if (await BranchService.FindAsync(repository, branch, ct) is { } found)
        {
            return found.CommitId;
        }

        throw await MergeEngine.HasTagAsync(repository, branch, ct) ? PullRequestRules.ReferenceTypeNotSupported(branch) : PullRequestRules.ReferenceDoesNotExist(branch);
    }

    /// <summary>Saves a new pull request with the next number of its account and region; false when its client request token was taken meanwhile.</summary>
    private async Task<bool> InsertAsync(PullRequest row, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var context = _store.Db.Create();
            row.Key = 0;
            row.Number = (await context.PullRequests.Where(p => p.AccountId == row.AccountId && p.Region == row.Region).MaxAsync(p => (long?)p.Number, ct) ?? 0) + 1;
            context.PullRequests.Add(row);
            try
            {
                await context.SaveChangesAsync(ct);
                return true;
            }
            catch (DbUpdateException) when (attempt < 10)
            {
                if (row.ClientRequestToken is { } token && await context.PullRequests.AnyAsync(p => p.AuthorArn == row.AuthorArn && p.ClientRequestToken == token, ct))
                {
                    return false;
                }
            }
        }
    }

    private async Task<PullRequestInfo?> ByTokenAsync(CallContext call, string? token, string hash, CancellationToken ct)
    {
        if (token is null)
        {
            return null;
        }

        await using var context = _store.Db.Create();
        var earlier = await context.PullRequests.AsNoTracking().FirstOrDefaultAsync(p => p.AuthorArn == call.Caller.Arn && p.ClientRequestToken == token, ct);
        if (earlier is null)
        {
            return null;
        }

        if (earlier.RequestHash != hash)
        {
            throw PullRequestRules.IdempotencyParameterMismatch(token);
        }

        var name = await context.Repositories.Where(r => r.Key == earlier.RepositoryKey).Select(r => r.RepositoryName).FirstAsync(ct);
        return await _store.InfoAsync(earlier, name, ct);
    }

    private static void PullRequestCheck(string? pullRequestId) => CommentRules.PullRequestId(pullRequestId);
}
