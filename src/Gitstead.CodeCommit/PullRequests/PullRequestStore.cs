using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.CodeCommit.PullRequests;

/// <summary>
/// Pull request rows, their history and rules. A pull request keeps the commits of its current
/// revision; <see cref="RefreshAsync"/> compares them with the branches, as CodeCommit does on
/// every push: a moved branch gives a new revision (and a source update event), a source that
/// reached its destination marks the pull request merged and closed. No authorization here.
/// </summary>
internal sealed class PullRequestStore(IGitsteadDb db, RepositoryStore repositories, TimeProvider time, EventQueue? notifications = null) : IPullRequestLookup
{
    private static readonly JsonSerializerOptions MetadataJson = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public IGitsteadDb Db => db;

    /// <inheritdoc/>
    public async Task<PullRequestSnapshot?> FindAsync(string accountId, string region, string pullRequestId, CancellationToken cancellationToken)
    {
        if (!long.TryParse(pullRequestId, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var found = await FindRowAsync(accountId, region, number, cancellationToken);
        if (found is null)
        {
            return null;
        }

        var (row, repository) = found.Value;
        row = await RefreshAsync(repository, row, cancellationToken);
        return new PullRequestSnapshot(
            Id(row), repository.Name, repository.Key, row.Status, row.SourceReference, row.DestinationReference, row.SourceCommit, row.DestinationCommit,
            row.MergeBase, row.RevisionId, row.AuthorArn);
    }

    /// <summary>The pull request with this number in the account and region and its repository, or null.</summary>
    public async Task<(PullRequest Row, RepositoryInfo Repository)?> FindRowAsync(string accountId, string region, long number, CancellationToken ct)
    {
        await using var context = db.Create();
        var found = await (
            from p in context.PullRequests.AsNoTracking()
            join r in context.Repositories on p.RepositoryKey equals r.Key
            where p.AccountId == accountId && p.Region == region && p.Number == number
            select new { Row = p, r.RepositoryName }).FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }

        var repository = await repositories.FindAsync(accountId, region, found.RepositoryName, ct);
        return repository is null ? null : (found.Row, repository);
    }

    /// <summary>
    /// Queues the events of history entries just saved for the configured event targets, with the
    /// pull request as it is now. Never throws: the change stands whatever happens here.
    /// </summary>
    public Task NotifyAsync(RepositoryInfo repository, long pullRequestKey, IReadOnlyList<PullRequestEvent> saved) =>
        notifications is null || saved.Count == 0
            ? Task.CompletedTask
            : notifications.PublishAsync(repository.Arn, async () =>
            {
                var row = await ReloadAsync(pullRequestKey, CancellationToken.None);
                return [.. saved
                    .Select(e => PullRequestNotifications.Event(row, repository, e.EventType, e.ActorArn, EventInfo(row, e).Metadata))
                    .OfType<CodeCommitEvent>()];
            });

    /// <summary>
    /// Brings an open pull request up to date with its branches: a new revision when the source or
    /// destination tip moved, and merged and closed when the source is now in the destination.
    /// A branch that no longer exists leaves the pull request as it was. <paramref name="actorArn"/>
    /// is who moved the branch when that is known (a push), recorded as the events' actor and as
    /// the merge's <c>mergedBy</c>; null when the change is noticed on a read.
    /// </summary>
    public async Task<PullRequest> RefreshAsync(RepositoryInfo repository, PullRequest row, CancellationToken ct, string? actorArn = null)
    {
        if (row.Status != PullRequestRules.Open)
        {
            return row;
        }

        var source = await BranchService.FindAsync(repository, Short(row.SourceReference), ct);
        var destination = await BranchService.FindAsync(repository, Short(row.DestinationReference), ct);
        if (source is null || destination is null || (source.CommitId == row.SourceCommit && destination.CommitId == row.DestinationCommit))
        {
            return row;
        }

        var merged = await MergeEngine.IsAncestorAsync(repository, source.CommitId, destination.CommitId, ct);
        var mergeBase = await MergeEngine.MergeBaseAsync(repository, destination.CommitId, source.CommitId, ct);
        var now = Now();
        var events = new List<PullRequestEvent>();
        if (source.CommitId != row.SourceCommit)
        {
            events.Add(Event(row.Key, "PULL_REQUEST_SOURCE_REFERENCE_UPDATED", actorArn, now, new PullRequestEventMetadata
            {
                RepositoryName = repository.Name,
                BeforeCommitId = row.SourceCommit,
                AfterCommitId = source.CommitId,
                MergeBase = mergeBase,
            }));
        }

        if (merged)
        {
            events.Add(Event(row.Key, "PULL_REQUEST_MERGE_STATE_CHANGED", actorArn, now, new PullRequestEventMetadata
            {
                RepositoryName = repository.Name,
                DestinationReference = row.DestinationReference,
                MergeMetadata = new MergeMetadataInfo(true, actorArn, null, null),
            }));
        }

        await using var context = db.Create();
        var oldRevision = row.RevisionId;
        var revision = NewRevisionId();
        var status = merged ? PullRequestRules.Closed : PullRequestRules.Open;
        var updated = await context.PullRequests
            .Where(p => p.Key == row.Key && p.RevisionId == oldRevision && p.Status == PullRequestRules.Open)
            .ExecuteUpdateAsync(
                s => s.SetProperty(p => p.SourceCommit, source.CommitId)
                    .SetProperty(p => p.DestinationCommit, destination.CommitId)
                    .SetProperty(p => p.MergeBase, mergeBase)
                    .SetProperty(p => p.RevisionId, revision)
                    .SetProperty(p => p.IsMerged, merged)
                    .SetProperty(p => p.MergedBy, merged ? actorArn : null)
                    .SetProperty(p => p.Status, status)
                    .SetProperty(p => p.LastActivityDate, now),
                ct);
        if (updated == 1)
        {
            context.PullRequestEvents.AddRange(events);
            await context.SaveChangesAsync(ct);
            await NotifyAsync(repository, row.Key, events);
        }

        return await context.PullRequests.AsNoTracking().FirstAsync(p => p.Key == row.Key, ct);
    }

    /// <summary>
    /// After a push: brings up to date the open pull requests whose source or destination branch
    /// it moved, with the pusher as the actor of what that records (the source update, the merge
    /// and its <c>mergedBy</c>), as CodeCommit records them when the push arrives.
    /// </summary>
    public async Task RefreshPushedAsync(RepositoryInfo repository, IReadOnlyList<ReferenceChange> moved, string pusherArn)
    {
        var refs = moved.Select(c => c.RefName).Where(r => r.StartsWith("refs/heads/", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        if (refs.Count == 0)
        {
            return;
        }

        List<PullRequest> open;
        await using (var context = db.Create())
        {
            var query = context.PullRequests.AsNoTracking().Where(p => p.RepositoryKey == repository.Key && p.Status == PullRequestRules.Open);
            if (refs.Count <= 100)
            {
                query = query.Where(p => refs.Contains(p.SourceReference) || refs.Contains(p.DestinationReference));
            }

            open = await query.OrderBy(p => p.Key).ToListAsync(CancellationToken.None);
        }

        foreach (var row in open.Where(p => refs.Contains(p.SourceReference) || refs.Contains(p.DestinationReference)))
        {
            await RefreshAsync(repository, row, CancellationToken.None, pusherArn);
        }
    }

    /// <summary>
    /// Brings up to date every open pull request of the repository whose branches are no longer
    /// where it last saw them (one read of the branches), so a list filtered by status agrees with
    /// what each pull request would answer however its branches moved.
    /// </summary>
    public async Task RefreshOpenAsync(RepositoryInfo repository, CancellationToken ct)
    {
        List<PullRequest> open;
        await using (var context = db.Create())
        {
            open = await context.PullRequests.AsNoTracking()
                .Where(p => p.RepositoryKey == repository.Key && p.Status == PullRequestRules.Open).OrderBy(p => p.Key).ToListAsync(ct);
        }

        if (open.Count == 0)
        {
            return;
        }

        var tips = (await BranchService.ReadRefsAsync(repository, "refs/heads/", ct)).ToDictionary(b => "refs/heads/" + b.Name, b => b.CommitId, StringComparer.Ordinal);
        foreach (var row in open)
        {
            if (tips.TryGetValue(row.SourceReference, out var source) && tips.TryGetValue(row.DestinationReference, out var destination)
                && (source != row.SourceCommit || destination != row.DestinationCommit))
            {
                await RefreshAsync(repository, row, ct);
            }
        }
    }

    /// <summary>
    /// Whether the principal an ARN names exists in the account: the account's root, or an IAM user
    /// of that path and name (names compare as IAM compares them, without case). Principals that
    /// are not IAM users (assumed roles, federated users) cannot be looked up and count as existing
    /// when they are of the account.
    /// </summary>
    public async Task<bool> PrincipalExistsAsync(string accountId, string arn, CancellationToken ct)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[4] != accountId)
        {
            return false;
        }

        var resource = parts[5];
        if (parts[2] != "iam" || !resource.StartsWith("user/", StringComparison.Ordinal))
        {
            return parts[2] != "iam" || resource == "root" || !resource.StartsWith("user", StringComparison.Ordinal);
        }

        var slash = resource.LastIndexOf('/');
        var name = resource[(slash + 1)..].ToLowerInvariant();
        var path = resource["user".Length..(slash + 1)];
        await using var context = db.Create();
        return await context.Users.AnyAsync(u => u.AccountId == accountId && u.NameKey == name && u.Path == path, ct);
    }

    /// <summary>The pull request of the caller's account and region with this id (checked), and its repository; PullRequestDoesNotExistException.</summary>
    public async Task<(PullRequest Row, RepositoryInfo Repository)> FindAsync(CallContext call, string id, CancellationToken ct)
    {
        var number = long.Parse(id, NumberStyles.None, CultureInfo.InvariantCulture);
        return await FindRowAsync(call.AccountId, call.Region, number, ct) ?? throw CommentRules.PullRequestDoesNotExist(id);
    }

    /// <summary>
    /// The operations that name only a pull request: finds it, authorizes <paramref name="action"/>
    /// on its repository, opens the repository's KMS key for <paramref name="use"/> (when the
    /// operation reads content) and brings the pull request up to date with its branches.
    /// </summary>
    public async Task<(PullRequest Row, RepositoryInfo Repository)> OpenAsync(
        IAuthorizer authorizer, RepositoryStore store, CallContext call, string? pullRequestId, string action, KeyUse? use, CancellationToken ct)
    {
        var id = CommentRules.PullRequestId(pullRequestId);
        var (row, repository) = await FindAsync(call, id, ct);
        await authorizer.RequireAsync(call, action, repository.Arn, ct);
        if (use is { } keyUse)
        {
            repository = await store.OpenAsync(call, repository.Name, keyUse, ct);
        }

        return (await RefreshAsync(repository, row, ct), repository);
    }

    /// <summary>The row as stored now.</summary>
    public async Task<PullRequest> ReloadAsync(long key, CancellationToken ct)
    {
        await using var context = db.Create();
        return await context.PullRequests.AsNoTracking().FirstAsync(p => p.Key == key, ct);
    }

    /// <summary>
    /// Which rules the approvals of <paramref name="revisionId"/> satisfy (each approver counted
    /// once, only this account's), and whether the rules were set aside for that revision.
    /// </summary>
    public async Task<ApprovalEvaluation> EvaluateAsync(PullRequest row, string revisionId, string accountId, CancellationToken ct)
    {
        var rules = await RulesAsync(row.Key, ct);
        var approvers = await ApproversAsync(row.Key, revisionId, ct);
        var satisfied = new List<string>();
        var notSatisfied = new List<string>();
        foreach (var rule in rules)
        {
            var holds = ApprovalRuleContent.TryParse(rule.Content, rule.TemplateId is not null, out var content, out _) && content!.IsSatisfiedBy(approvers, accountId);
            (holds ? satisfied : notSatisfied).Add(rule.Name);
        }

        var overridden = row.OverriddenBy is not null && row.OverriddenRevisionId == revisionId;
        return new ApprovalEvaluation(overridden || notSatisfied.Count == 0, overridden, satisfied, notSatisfied);
    }

    /// <summary>The approval rules of a pull request, oldest first.</summary>
    public async Task<List<PullRequestApprovalRule>> RulesAsync(long pullRequestKey, CancellationToken ct)
    {
        await using var context = db.Create();
        return await context.PullRequestApprovalRules.AsNoTracking().Where(r => r.PullRequestKey == pullRequestKey).OrderBy(r => r.Key).ToListAsync(ct);
    }

    /// <summary>The users who approved this revision, in the order they did.</summary>
    public async Task<List<string>> ApproversAsync(long pullRequestKey, string revisionId, CancellationToken ct)
    {
        await using var context = db.Create();
        return await context.PullRequestApprovals.AsNoTracking()
            .Where(a => a.PullRequestKey == pullRequestKey && a.RevisionId == revisionId)
            .OrderBy(a => a.Key).Select(a => a.UserArn).ToListAsync(ct);
    }

    /// <summary>The answer every operation that returns a pull request gives.</summary>
    public async Task<PullRequestInfo> InfoAsync(PullRequest row, string repositoryName, CancellationToken ct)
    {
        var rules = await RulesAsync(row.Key, ct);
        var target = new PullRequestTargetInfo(
            repositoryName, row.SourceReference, row.DestinationReference, row.DestinationCommit, row.SourceCommit, row.MergeBase,
            new MergeMetadataInfo(row.IsMerged, row.MergedBy, row.MergeCommitId, row.MergeOption));
        return new PullRequestInfo(
            Id(row), row.Title, row.Description, row.LastActivityDate, row.CreationDate, row.Status, row.AuthorArn, target, row.ClientRequestToken,
            row.RevisionId, [.. rules.Select(Rule)]);
    }

    public static ApprovalRuleInfo Rule(PullRequestApprovalRule rule) =>
        new(rule.ApprovalRuleId, rule.Name, rule.Content, ApprovalRuleContent.Sha256(rule.Content), rule.LastModifiedDate, rule.CreationDate, rule.LastModifiedUser,
            rule.TemplateId, rule.TemplateName);

    public static PullRequestEvent Event(long pullRequestKey, string type, string? actorArn, DateTime date, PullRequestEventMetadata metadata) => new()
    {
        PullRequestKey = pullRequestKey,
        EventType = type,
        ActorArn = actorArn,
        EventDate = date,
        MetadataJson = JsonSerializer.Serialize(metadata, MetadataJson),
    };

    public static PullRequestEventInfo EventInfo(PullRequest row, PullRequestEvent stored) =>
        new(Id(row), stored.EventDate, stored.EventType, stored.ActorArn, JsonSerializer.Deserialize<PullRequestEventMetadata>(stored.MetadataJson, MetadataJson) ?? new());

    public static string Id(PullRequest row) => row.Number.ToString(CultureInfo.InvariantCulture);

    public static string NewRevisionId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Short(string reference) => reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..] : reference;

    /// <summary>Now, to the millisecond, so every provider stores and returns the same instant.</summary>
    public DateTime Now()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
