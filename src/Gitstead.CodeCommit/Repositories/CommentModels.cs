namespace Gitstead.CodeCommit.Repositories;

/// <summary>Where on a comparison a comment is (botocore <c>Location</c>) as the request carried it, before <see cref="CommentRules"/> checked it.</summary>
public sealed record CommentLocationInput(string? FilePath, long? FilePosition, string? RelativeFileVersion);

/// <summary>A checked location: a file of the compared commits, optionally a line of it, in the BEFORE or AFTER version.</summary>
public sealed record CommentLocation(string FilePath, long? FilePosition, string RelativeFileVersion);

/// <summary>
/// A comment (botocore <c>Comment</c>): <see cref="Content"/> is null once deleted;
/// <see cref="CallerReactions"/> and <see cref="ReactionCounts"/> are by short code (<c>:thumbsup:</c>).
/// </summary>
public sealed record CommentInfo(
    string CommentId,
    string? Content,
    string? InReplyTo,
    DateTime CreationDate,
    DateTime LastModifiedDate,
    string AuthorArn,
    bool Deleted,
    string? ClientRequestToken,
    IReadOnlyList<string> CallerReactions,
    IReadOnlyDictionary<string, int> ReactionCounts);

/// <summary>
/// What a comment is on: a repository's compared commits (and the pull request, when it is on one),
/// the blobs at the location's path in each, and the location. Lists group comments by it.
/// </summary>
public sealed record CommentTarget(
    string RepositoryName,
    string? PullRequestId,
    string? BeforeCommitId,
    string AfterCommitId,
    string? BeforeBlobId,
    string? AfterBlobId,
    CommentLocation? Location);

/// <summary>PostCommentForComparedCommit's and PostCommentForPullRequest's answer.</summary>
public sealed record PostedComment(CommentTarget Target, CommentInfo Comment);

/// <summary>The comments of a page on one target, oldest first (botocore <c>CommentsForComparedCommit</c>, <c>CommentsForPullRequest</c>).</summary>
public sealed record CommentsOnTarget(CommentTarget Target, IReadOnlyList<CommentInfo> Comments);

/// <summary>A reaction in CodeCommit's three forms (botocore <c>ReactionValueFormats</c>).</summary>
public sealed record ReactionFormats(string Emoji, string ShortCode, string Unicode);

/// <summary>Who reacted to a comment with one reaction (botocore <c>ReactionForComment</c>).</summary>
public sealed record CommentReactions(ReactionFormats Reaction, IReadOnlyList<string> ReactionUsers, int ReactionsFromDeletedUsersCount);
