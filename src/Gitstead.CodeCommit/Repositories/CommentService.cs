using Gitstead.Aws;
using Gitstead.CodeCommit.Git;
using Gitstead.CodeCommit.PullRequests;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// Comments on compared commits and on pull requests, replies, edits, deletions and reactions.
/// Comments live in the database, not in git. Each method checks its input
/// (<see cref="CommentRules"/>), authorizes its own action on the repository ARN — for an
/// operation that names only a comment, on the repository of that comment once it is found — and
/// the operations that read the repository (posting on commits, reading comments) open its KMS
/// key for reading first, as content reads do. A pull request is found through
/// <see cref="IPullRequestLookup"/>.
/// </summary>
public sealed class CommentService
{
    private readonly IGitsteadDb _db;
    private readonly IAuthorizer _authorizer;
    private readonly RepositoryStore _repositories;
    private readonly CommitReader _commits;
    private readonly TreeReader _trees;
    private readonly CatFilePool _objects;
    private readonly IPullRequestLookup _pullRequests;
    private readonly TimeProvider _time;
    private readonly EventQueue? _events;

    internal CommentService(
        IGitsteadDb db,
        IAuthorizer authorizer,
        RepositoryStore repositories,
        CommitReader commits,
        TreeReader trees,
        CatFilePool objects,
        IPullRequestLookup pullRequests,
        TimeProvider time,
        EventQueue? events = null)
    {
        _db = db;
        _authorizer = authorizer;
        _repositories = repositories;
        _commits = commits;
        _trees = trees;
        _objects = objects;
        _pullRequests = pullRequests;
        _time = time;
        _events = events;
    }

    /// <summary>The reactions PutCommentReaction accepts, in CodeCommit's order (each in its three forms).</summary>
    public static IReadOnlyList<ReactionFormats> Reactions => CommentReactionValues.All;

    /// <summary>
    /// PostCommentForComparedCommit: <c>codecommit:PostCommentForComparedCommit</c>. A comment on
    /// the comparison of two commits (the before commit may be left out only for an initial
    /// commit), in general or on a file of either side, optionally on one of its lines. The same
    /// <paramref name="clientRequestToken"/> with the same parameters answers the comment it made.
    /// </summary>
    public async Task<PostedComment> PostForComparedCommitAsync(
        CallContext call,
        string? repositoryName,
        string? beforeCommitId,
        string? afterCommitId,
        CommentLocationInput? location,
        string? content,
        string? clientRequestToken,
        CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        var after = CommentRules.CommitId(afterCommitId, "afterCommitId");
        var before = CommentRules.OptionalCommitId(beforeCommitId);
        CommentRules.Different(before, after);
        var where = CommentRules.Location(location);
        var text = CommentRules.Content(content);
        var token = CommentRules.ClientRequestToken(clientRequestToken);
        await _authorizer.RequireAsync(call, "codecommit:PostCommentForComparedCommit", RepositoryService.Arn(call, name), ct);
        var repository = await _repositories.OpenAsync(call, name, KeyUse.Read, ct);
        var afterCommit = await CommitAsync(repository, after, ct);
        if (before is null && afterCommit.Parents.Count > 0)
        {
            throw CommentRules.BeforeCommitRequired(after);
        }

        var beforeCommit = before is null ? null : await CommitAsync(repository, before, ct);
        var target = await TargetAsync(repository, null, beforeCommit, afterCommit, where, ct);
        var hash = CommentRules.Hash("PostCommentForComparedCommit", repository.Key, before, after, where, text);
        var saved = await InsertAsync(NewRow(call, repository.Key, target, null, text, token, hash), ct);
        return new PostedComment(TargetOf(saved, repository.Name), await InfoAsync(call, saved, ct));
    }

    /// <summary>
    /// PostCommentForPullRequest: <c>codecommit:PostCommentForPullRequest</c>. A comment on a pull
    /// request's comparison: the before commit is its destination commit (or their merge base),
    /// the after commit its source commit, as its current revision has them.
    /// </summary>
    public async Task<PostedComment> PostForPullRequestAsync(
        CallContext call,
        string? pullRequestId,
        string? repositoryName,
        string? beforeCommitId,
        string? afterCommitId,
        CommentLocationInput? location,
        string? content,
        string? clientRequestToken,
        CancellationToken ct)
    {
        var id = CommentRules.PullRequestId(pullRequestId);
        var name = RepositoryRules.Name(repositoryName);
        var before = CommentRules.CommitId(beforeCommitId, "beforeCommitId");
        var after = CommentRules.CommitId(afterCommitId, "afterCommitId");
        CommentRules.Different(before, after);
        var where = CommentRules.Location(location);
        var text = CommentRules.Content(content);
        var token = CommentRules.ClientRequestToken(clientRequestToken);
        await _authorizer.RequireAsync(call, "codecommit:PostCommentForPullRequest", RepositoryService.Arn(call, name), ct);
        var pullRequest = await PullRequestAsync(call, id, ct);
        var repository = await _repositories.OpenAsync(call, name, KeyUse.Read, ct);
        if (repository.Key != pullRequest.RepositoryKey)
        {
            throw CommentRules.RepositoryNotAssociatedWithPullRequest(name, id);
        }

        if (after != pullRequest.SourceCommit)
        {
            throw CommentRules.NotThePullRequestsCommit("afterCommitId", after, id);
        }

        if (before != pullRequest.DestinationCommit && before != pullRequest.MergeBase)
        {
            throw CommentRules.NotThePullRequestsCommit("beforeCommitId", before, id);
        }

        var afterCommit = await CommitAsync(repository, after, ct);
        var beforeCommit = await CommitAsync(repository, before, ct);
        var target = await TargetAsync(repository, id, beforeCommit, afterCommit, where, ct);
        var hash = CommentRules.Hash("PostCommentForPullRequest", repository.Key, id, before, after, where, text);
        var saved = await InsertAsync(NewRow(call, repository.Key, target, null, text, token, hash), ct);
        return new PostedComment(TargetOf(saved, repository.Name), await InfoAsync(call, saved, ct));
    }

    /// <summary>PostCommentReply: <c>codecommit:PostCommentReply</c>; the reply is on what the comment it answers is on.</summary>
    public async Task<CommentInfo> PostReplyAsync(CallContext call, string? inReplyTo, string? content, string? clientRequestToken, CancellationToken ct)
    {
        var id = CommentRules.CommentId(inReplyTo);
        var text = CommentRules.Content(content);
        var token = CommentRules.ClientRequestToken(clientRequestToken);
        var (parent, repositoryName) = await FindAsync(call, id, ct);
        await _authorizer.RequireAsync(call, "codecommit:PostCommentReply", RepositoryService.Arn(call, repositoryName), ct);
        var target = TargetOf(parent, repositoryName);
        var hash = CommentRules.Hash("PostCommentReply", id, text);
        var saved = await InsertAsync(NewRow(call, parent.RepositoryKey, target, parent.CommentId, text, token, hash), ct);
        return await InfoAsync(call, saved, ct);
    }

    /// <summary>GetComment: <c>codecommit:GetComment</c>. A deleted comment is answered with <c>deleted</c> and no content.</summary>
    public async Task<CommentInfo> GetAsync(CallContext call, string? commentId, CancellationToken ct)
    {
        var id = CommentRules.CommentId(commentId);
        var (row, repositoryName) = await FindAsync(call, id, ct);
        await _authorizer.RequireAsync(call, "codecommit:GetComment", RepositoryService.Arn(call, repositoryName), ct);
        await _repositories.OpenAsync(call, repositoryName, KeyUse.Read, ct);
        return await InfoAsync(call, row, ct);
    }

    /// <summary>
    /// GetCommentsForComparedCommit: <c>codecommit:GetCommentsForComparedCommit</c>. The comments on
    /// exactly this comparison (no before commit: those posted without one), oldest first, a page
    /// of comments at a time, grouped by location.
    /// </summary>
    public async Task<Page<CommentsOnTarget>> GetForComparedCommitAsync(
        CallContext call, string? repositoryName, string? beforeCommitId, string? afterCommitId, PageRequest page, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        var after = CommentRules.CommitId(afterCommitId, "afterCommitId");
        var before = CommentRules.OptionalCommitId(beforeCommitId);
        var cursor = CommentRules.Cursor(page);
        await _authorizer.RequireAsync(call, "codecommit:GetCommentsForComparedCommit", RepositoryService.Arn(call, name), ct);
        var repository = await _repositories.OpenAsync(call, name, KeyUse.Read, ct);
        await CommitAsync(repository, after, ct);
        if (before is not null)
        {
            await CommitAsync(repository, before, ct);
        }

        await using var context = _db.Create();
        var rows = await context.Comments.AsNoTracking()
            .Where(c => c.RepositoryKey == repository.Key && c.AfterCommitId == after && c.PullRequestId == null && c.BeforeCommitId == before && c.Key > cursor)
            .OrderBy(c => c.Key)
            .Take(page.MaxItems + 1)
            .ToListAsync(ct);
        return await GroupAsync(call, rows, page.MaxItems, repository.Name, ct);
    }

    /// <summary>
    /// GetCommentsForPullRequest: <c>codecommit:GetCommentsForPullRequest</c> on the pull request's
    /// repository. With <paramref name="repositoryName"/> both commit ids are required, and only
    /// the comments on that comparison are listed.
    /// </summary>
    public async Task<Page<CommentsOnTarget>> GetForPullRequestAsync(
        CallContext call, string? pullRequestId, string? repositoryName, string? beforeCommitId, string? afterCommitId, PageRequest page, CancellationToken ct)
    {
        var id = CommentRules.PullRequestId(pullRequestId);
        var name = string.IsNullOrEmpty(repositoryName) ? null : RepositoryRules.Name(repositoryName);
        var before = CommentRules.OptionalCommitId(beforeCommitId);
        var after = CommentRules.OptionalCommitId(afterCommitId);
        if (name is not null)
        {
            CommentRules.CommitId(beforeCommitId, "beforeCommitId");
            CommentRules.CommitId(afterCommitId, "afterCommitId");
        }
        else if (before is not null || after is not null)
        {
            throw CodeCommitErrors.RepositoryNameRequired();
        }

        var cursor = CommentRules.Cursor(page);
        if (name is not null)
        {
            await _authorizer.RequireAsync(call, "codecommit:GetCommentsForPullRequest", RepositoryService.Arn(call, name), ct);
        }

        var pullRequest = await PullRequestAsync(call, id, ct);
        if (name is null)
        {
            await _authorizer.RequireAsync(call, "codecommit:GetCommentsForPullRequest", RepositoryService.Arn(call, pullRequest.RepositoryName), ct);
        }

        var repository = await _repositories.OpenAsync(call, name ?? pullRequest.RepositoryName, KeyUse.Read, ct);
        if (repository.Key != pullRequest.RepositoryKey)
        {
            throw CommentRules.RepositoryNotAssociatedWithPullRequest(repository.Name, id);
        }

        if (before is not null && after is not null)
        {
            await CommitAsync(repository, before, ct);
            await CommitAsync(repository, after, ct);
        }

        await using var context = _db.Create();
        var rows = await context.Comments.AsNoTracking()
            .Where(c => c.AccountId == call.AccountId && c.Region == call.Region && c.PullRequestId == id && c.RepositoryKey == repository.Key && c.Key > cursor)
            .Where(c => before == null || (c.BeforeCommitId == before && c.AfterCommitId == after))
            .OrderBy(c => c.Key)
            .Take(page.MaxItems + 1)
            .ToListAsync(ct);
        return await GroupAsync(call, rows, page.MaxItems, repository.Name, ct);
    }

    /// <summary>UpdateComment: <c>codecommit:UpdateComment</c>; only the comment's author may, and not once it is deleted.</summary>
    public async Task<CommentInfo> UpdateAsync(CallContext call, string? commentId, string? content, CancellationToken ct)
    {
        var id = CommentRules.CommentId(commentId);
        var text = CommentRules.Content(content);
        var (row, repositoryName) = await FindAsync(call, id, ct);
        await _authorizer.RequireAsync(call, "codecommit:UpdateComment", RepositoryService.Arn(call, repositoryName), ct);
        if (row.Deleted)
        {
            throw CommentRules.CommentDeleted(id);
        }

        if (row.AuthorArn != call.Caller.Arn)
        {
            throw CommentRules.CommentNotCreatedByCaller(id);
        }

        var now = Now();
        await using var context = _db.Create();
        var updated = await context.Comments.Where(c => c.Key == row.Key && !c.Deleted)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Content, text).SetProperty(c => c.LastModifiedDate, now), ct);
        if (updated == 0)
        {
            throw CommentRules.CommentDeleted(id);
        }

        await NotifyAsync(row, "Updated");
        return await InfoAsync(call, await ReloadAsync(row.Key, ct), ct);
    }

    /// <summary>DeleteCommentContent: <c>codecommit:DeleteCommentContent</c>; the comment stays in its thread, marked deleted, without content.</summary>
    public async Task<CommentInfo> DeleteContentAsync(CallContext call, string? commentId, CancellationToken ct)
    {
        var id = CommentRules.CommentId(commentId);
        var (row, repositoryName) = await FindAsync(call, id, ct);
        await _authorizer.RequireAsync(call, "codecommit:DeleteCommentContent", RepositoryService.Arn(call, repositoryName), ct);
        if (row.Deleted)
        {
            throw CommentRules.CommentDeleted(id);
        }

        var now = Now();
        await using var context = _db.Create();
        var updated = await context.Comments.Where(c => c.Key == row.Key && !c.Deleted)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Content, "").SetProperty(c => c.Deleted, true).SetProperty(c => c.LastModifiedDate, now), ct);
        return updated == 0 ? throw CommentRules.CommentDeleted(id) : await InfoAsync(call, await ReloadAsync(row.Key, ct), ct);
    }

    /// <summary>
    /// PutCommentReaction: <c>codecommit:PutCommentReaction</c>. The caller's one reaction to the
    /// comment, replacing any earlier one; a blank value or <c>none</c> removes it.
    /// </summary>
    public async Task PutReactionAsync(CallContext call, string? commentId, string? reactionValue, CancellationToken ct)
    {
        var id = CommentRules.CommentId(commentId);
        if (reactionValue is null)
        {
            throw CommentRules.ReactionValueRequired();
        }

        var reaction = CommentReactionValues.IsNone(reactionValue)
            ? null
            : CommentReactionValues.Find(reactionValue) ?? throw CommentRules.InvalidReactionValue(reactionValue);
        var (row, repositoryName) = await FindAsync(call, id, ct);
        await _authorizer.RequireAsync(call, "codecommit:PutCommentReaction", RepositoryService.Arn(call, repositoryName), ct);
        if (row.Deleted)
        {
            throw CommentRules.CommentDeleted(id);
        }

        var arn = call.Caller.Arn;
        await using var context = _db.Create();
        if (reaction is null)
        {
            await context.CommentReactions.Where(r => r.CommentKey == row.Key && r.UserArn == arn).ExecuteDeleteAsync(ct);
            return;
        }

        for (var attempt = 0; ; attempt++)
        {
            var userId = call.Caller.UserId;
            var value = reaction.ShortCode;
            var now = Now();
            var replaced = await context.CommentReactions.Where(r => r.CommentKey == row.Key && r.UserArn == arn)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Value, value).SetProperty(r => r.UserId, userId).SetProperty(r => r.CreationDate, now), ct);
            if (replaced > 0)
            {
                return;
            }

            context.CommentReactions.Add(new CommentReaction { CommentKey = row.Key, UserArn = arn, UserId = userId, Value = value, CreationDate = now });
            try
            {
                await context.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                context.ChangeTracker.Clear(); // another request of the same user added one first: replace it
            }
        }
    }

    /// <summary>
    /// GetCommentReactions: <c>codecommit:GetCommentReactions</c>. Who reacted how, a page of
    /// reactions at a time, grouped by reaction; reactions of users deleted since are counted, not named.
    /// </summary>
    public async Task<Page<CommentReactions>> GetReactionsAsync(CallContext call, string? commentId, string? reactionUserArn, PageRequest page, CancellationToken ct)
    {
        var id = CommentRules.CommentId(commentId);
        var userArn = string.IsNullOrEmpty(reactionUserArn) ? null : reactionUserArn;
        if (userArn is not null && !(Arns.TryParse(userArn, out var parts) && parts.Service is "iam" or "sts" && parts.AccountId.Length == 12 && parts.AccountId.All(char.IsAsciiDigit)))
        {
            throw CommentRules.InvalidReactionUserArn(userArn);
        }

        var cursor = CommentRules.Cursor(page);
        var (row, repositoryName) = await FindAsync(call, id, ct);
        await _authorizer.RequireAsync(call, "codecommit:GetCommentReactions", RepositoryService.Arn(call, repositoryName), ct);
        if (row.Deleted)
        {
            throw CommentRules.CommentDeleted(id);
        }

        await using var context = _db.Create();
        var reactions = await context.CommentReactions.AsNoTracking()
            .Where(r => r.CommentKey == row.Key && (userArn == null || r.UserArn == userArn) && r.Key > cursor)
            .OrderBy(r => r.Key)
            .Take(page.MaxItems + 1)
            .ToListAsync(ct);
        var next = reactions.Count > page.MaxItems ? CommentRules.Token(reactions[page.MaxItems - 1].Key) : null;
        if (next is not null)
        {
            reactions.RemoveRange(page.MaxItems, reactions.Count - page.MaxItems);
        }

        var userIds = reactions.Select(r => r.UserId).Where(u => u != call.AccountId).Distinct().ToList();
        var live = (await context.Users.AsNoTracking().Where(u => userIds.Contains(u.UserId)).Select(u => u.UserId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        live.Add(row.AccountId); // the account's root is never deleted
        var groups = reactions
            .GroupBy(r => r.Value)
            .OrderBy(g => CommentReactionValues.Order(g.Key))
            .Select(g => new CommentReactions(
                CommentReactionValues.OfShortCode(g.Key),
                g.Where(r => live.Contains(r.UserId)).Select(r => r.UserArn).ToList(),
                g.Count(r => !live.Contains(r.UserId))))
            .ToList();
        return new Page<CommentReactions>(groups, next);
    }

    private async Task<PullRequestSnapshot> PullRequestAsync(CallContext call, string id, CancellationToken ct) =>
        await _pullRequests.FindAsync(call.AccountId, call.Region, id, ct) ?? throw CommentRules.PullRequestDoesNotExist(id);

    /// <summary>The commit with this full id, or CommitDoesNotExistException.</summary>
    private async Task<CommitInfo> CommitAsync(RepositoryInfo repository, string id, CancellationToken ct)
    {
        try
        {
            return await _commits.ReadAsync(repository, id, ct);
        }
        catch (AwsServiceException ex) when (ex.Code == "CommitIdDoesNotExistException")
        {
            throw CommentRules.CommitDoesNotExist(id);
        }
    }

    /// <summary>
    /// What a new comment is on, checked against the commits: the location's path must be a file
    /// in the version it names (PathDoesNotExistException, InvalidFileLocationException), its
    /// position a line of that file (InvalidFilePositionException); the blob ids are the path's in each commit.
    /// </summary>
    private async Task<CommentTarget> TargetAsync(
        RepositoryInfo repository, string? pullRequestId, CommitInfo? before, CommitInfo after, CommentLocation? location, CancellationToken ct)
    {
        if (location is null)
        {
            return new CommentTarget(repository.Name, pullRequestId, before?.CommitId, after.CommitId, null, null, null);
        }

        if (location.RelativeFileVersion == CommentRules.Before && before is null)
        {
            throw CommentRules.BeforeVersionWithoutBeforeCommit();
        }

        var beforeEntry = before is null ? null : await _trees.FindAsync(repository, before.TreeId, location.FilePath, ct);
        var afterEntry = await _trees.FindAsync(repository, after.TreeId, location.FilePath, ct);
        var (entry, commit) = location.RelativeFileVersion == CommentRules.Before ? (beforeEntry, before!) : (afterEntry, after);
        if (entry is null)
        {
            throw CommentRules.PathDoesNotExist(location.FilePath, commit.CommitId);
        }

        if (!entry.IsBlob)
        {
            throw CommentRules.InvalidFileLocation(location.FilePath);
        }

        if (location.FilePosition is { } position && position > await LinesAsync(repository, entry.Id, ct))
        {
            throw CommentRules.InvalidFilePosition(position, location.FilePath);
        }

        return new CommentTarget(
            repository.Name, pullRequestId, before?.CommitId, after.CommitId,
            beforeEntry is { IsBlob: true } ? beforeEntry.Id : null, afterEntry is { IsBlob: true } ? afterEntry.Id : null, location);
    }

    /// <summary>How many lines a blob has (a last line without a newline counts), read as a stream.</summary>
    private async Task<long> LinesAsync(RepositoryInfo repository, string blobId, CancellationToken ct)
    {
        await using var counter = new LineCountingStream();
        await _objects.CopyToAsync(repository.Path, blobId, counter, ct);
        return counter.Lines;
    }

    private Comment NewRow(CallContext call, long repositoryKey, CommentTarget target, string? inReplyTo, string content, string? token, string hash)
    {
        var now = Now();
        return new Comment
        {
            CommentId = Guid.NewGuid().ToString("D"),
            AccountId = call.AccountId,
            Region = call.Region,
            RepositoryKey = repositoryKey,
            PullRequestId = target.PullRequestId,
            BeforeCommitId = target.BeforeCommitId,
            AfterCommitId = target.AfterCommitId,
            BeforeBlobId = target.BeforeBlobId,
            AfterBlobId = target.AfterBlobId,
            FilePath = target.Location?.FilePath,
            FilePosition = target.Location?.FilePosition,
            RelativeFileVersion = target.Location?.RelativeFileVersion,
            InReplyTo = inReplyTo,
            Content = content,
            AuthorArn = call.Caller.Arn,
            ClientRequestToken = token,
            RequestHash = hash,
            CreationDate = now,
            LastModifiedDate = now,
        };
    }

    /// <summary>
    /// Saves a new comment; with a client request token the author used before, answers that
    /// comment when the parameters are the same and IdempotencyParameterMismatchException when not.
    /// Two racing requests with one token make one comment: the unique index refuses the second.
    /// </summary>
    private async Task<Comment> InsertAsync(Comment row, CancellationToken ct)
    {
        if (await ByTokenAsync(row, ct) is { } earlier)
        {
            return earlier;
        }

        await using var context = _db.Create();
        context.Comments.Add(row);
        try
        {
            await context.SaveChangesAsync(ct);
            await NotifyAsync(row, "Created");
            return row;
        }
        catch (DbUpdateException) when (row.ClientRequestToken is not null)
        {
            return await ByTokenAsync(row, ct) ?? throw new InvalidOperationException("A comment could not be saved, and no comment holds its client request token.");
        }
    }

    /// <summary>
    /// Queues CodeCommit's event for a comment posted or edited (<c>CodeCommit Comment on Pull
    /// Request</c> or <c>… on Commit</c>) for the configured event targets; never throws.
    /// </summary>
    private Task NotifyAsync(Comment row, string change) =>
        _events is null
            ? Task.CompletedTask
            : _events.PublishAsync("comment " + row.CommentId, async () =>
            {
                await using var context = _db.Create();
                var repository = await context.Repositories.AsNoTracking().Where(r => r.Key == row.RepositoryKey)
                    .Select(r => new { r.RepositoryId, r.RepositoryName }).FirstAsync(CancellationToken.None);
                return [CommentNotifications.Event(row, repository.RepositoryId, repository.RepositoryName, change)];
            });

    private async Task<Comment?> ByTokenAsync(Comment row, CancellationToken ct)
    {
        if (row.ClientRequestToken is not { } token)
        {
            return null;
        }

        await using var context = _db.Create();
        var earlier = await context.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.AuthorArn == row.AuthorArn && c.ClientRequestToken == token, ct);
        return earlier is null || earlier.RequestHash == row.RequestHash ? earlier : throw CommentRules.IdempotencyParameterMismatch(token);
    }

    /// <summary>The comment of the caller's account and region with this id, and its repository's name; CommentDoesNotExistException.</summary>
    private async Task<(Comment Row, string RepositoryName)> FindAsync(CallContext call, string id, CancellationToken ct)
    {
        await using var context = _db.Create();
        var found = await (
            from c in context.Comments.AsNoTracking()
            join r in context.Repositories on c.RepositoryKey equals r.Key
            where c.CommentId == id && c.AccountId == call.AccountId && c.Region == call.Region
            select new { Row = c, r.RepositoryName }).FirstOrDefaultAsync(ct);
        return found is null ? throw CommentRules.CommentDoesNotExist(id) : (found.Row, found.RepositoryName);
    }

    private async Task<Comment> ReloadAsync(long key, CancellationToken ct)
    {
        await using var context = _db.Create();
        return await context.Comments.AsNoTracking().FirstAsync(c => c.Key == key, ct);
    }

    private async Task<CommentInfo> InfoAsync(CallContext call, Comment row, CancellationToken ct) =>
        (await InfosAsync(call, [row], ct))[0];

    /// <summary>The comments as the API shows them, with their reaction counts and the caller's own reactions (one query for all).</summary>
    private async Task<List<CommentInfo>> InfosAsync(CallContext call, IReadOnlyList<Comment> rows, CancellationToken ct)
    {
        var keys = rows.Select(r => r.Key).ToList();
        await using var context = _db.Create();
        var reactions = await context.CommentReactions.AsNoTracking()
            .Where(r => keys.Contains(r.CommentKey))
            .Select(r => new { r.CommentKey, r.Value, r.UserArn })
            .ToListAsync(ct);
        var arn = call.Caller.Arn;
        return rows.Select(row =>
        {
            var mine = reactions.Where(r => r.CommentKey == row.Key);
            var counts = mine.GroupBy(r => r.Value).OrderBy(g => CommentReactionValues.Order(g.Key)).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var callers = mine.Where(r => r.UserArn == arn).Select(r => r.Value).ToList();
            return new CommentInfo(
                row.CommentId, row.Deleted ? null : row.Content, row.InReplyTo, row.CreationDate, row.LastModifiedDate, row.AuthorArn, row.Deleted,
                row.ClientRequestToken, callers, counts);
        }).ToList();
    }

    /// <summary>A page from up to <c>max + 1</c> rows in key order: the comments grouped by what they are on, in order of first appearance.</summary>
    private async Task<Page<CommentsOnTarget>> GroupAsync(CallContext call, List<Comment> rows, int max, string repositoryName, CancellationToken ct)
    {
        string? next = null;
        if (rows.Count > max)
        {
            rows.RemoveRange(max, rows.Count - max);
            next = CommentRules.Token(rows[^1].Key);
        }

        var infos = await InfosAsync(call, rows, ct);
        var groups = new List<(CommentTarget Target, List<CommentInfo> Comments)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var target = TargetOf(rows[i], repositoryName);
            var group = groups.FindIndex(g => g.Target == target);
            if (group < 0)
            {
                groups.Add((target, [infos[i]]));
            }
            else
            {
                groups[group].Comments.Add(infos[i]);
            }
        }

        return new Page<CommentsOnTarget>(groups.Select(g => new CommentsOnTarget(g.Target, g.Comments)).ToList(), next);
    }

    private static CommentTarget TargetOf(Comment row, string repositoryName) => new(
        repositoryName,
        row.PullRequestId,
        row.BeforeCommitId,
        row.AfterCommitId,
        row.BeforeBlobId,
        row.AfterBlobId,
        row.FilePath is null ? null : new CommentLocation(row.FilePath, row.FilePosition, row.RelativeFileVersion ?? CommentRules.After));

    /// <summary>Now, to the millisecond, so every provider stores and returns the same instant.</summary>
    private DateTime Now()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    /// <summary>Counts the lines of what is written to it and keeps nothing.</summary>
    private sealed class LineCountingStream : Stream
    {
        private long _newlines;
        private long _length;
        private byte _last;

        public long Lines => _length == 0 ? 0 : _newlines + (_last == (byte)'\n' ? 0 : 1);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.IsEmpty)
            {
                return;
            }

            _newlines += buffer.Count((byte)'\n');
            _length += buffer.Length;
            _last = buffer[^1];
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
