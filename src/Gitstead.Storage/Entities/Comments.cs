namespace Gitstead.Storage.Entities;

/// <summary>
/// A comment on the comparison of two commits, or on a pull request: CodeCommit keeps comments
/// beside the repository, not in git. A reply carries its thread's repository, pull request,
/// commits and location, so every list is one indexed query.
/// </summary>
public sealed class Comment
{
    public long Key { get; set; }

    /// <summary>UUID, as the API shows it.</summary>
    public required string CommentId { get; set; }

    public required string AccountId { get; set; }

    public required string Region { get; set; }

    public long RepositoryKey { get; set; }

    /// <summary>The pull request the comment is on; null for a comment on compared commits.</summary>
    public string? PullRequestId { get; set; }

    /// <summary>Null when the after commit was commented on alone (an initial commit).</summary>
    public string? BeforeCommitId { get; set; }

    public required string AfterCommitId { get; set; }

    public string? BeforeBlobId { get; set; }

    public string? AfterBlobId { get; set; }

    public string? FilePath { get; set; }

    public long? FilePosition { get; set; }

    /// <summary>BEFORE or AFTER when the comment is on a file.</summary>
    public string? RelativeFileVersion { get; set; }

    /// <summary>The comment id this one replies to.</summary>
    public string? InReplyTo { get; set; }

    /// <summary>Empty once deleted.</summary>
    public required string Content { get; set; }

    public bool Deleted { get; set; }

    public required string AuthorArn { get; set; }

    public string? ClientRequestToken { get; set; }

    /// <summary>A hash of the request's parameters, so a reused token with other parameters is refused.</summary>
    public string? RequestHash { get; set; }

    public DateTime CreationDate { get; set; }

    public DateTime LastModifiedDate { get; set; }
}

/// <summary>One user's reaction to a comment (one per user and comment; a new one replaces it).</summary>
public sealed class CommentReaction
{
    public long Key { get; set; }

    public long CommentKey { get; set; }

    public required string UserArn { get; set; }

    /// <summary>The unique id of the user (<c>AIDA…</c>, the account id for the root): a user deleted and made again is another user.</summary>
    public required string UserId { get; set; }

    /// <summary>The reaction's short code, e.g. <c>:thumbsup:</c>.</summary>
    public required string Value { get; set; }

    public DateTime CreationDate { get; set; }
}
