using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gitstead.Aws;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// The request rules of the comment operations: content, ids, client request tokens,
/// locations and pages, and CodeCommit's modelled errors for them.
/// </summary>
internal static class CommentRules
{
    /// <summary>CodeCommit's quota for a comment: 10,240 characters.</summary>
    public const int MaxContentLength = 10_240;

    /// <summary>GetCommentsForComparedCommit and GetCommentsForPullRequest: 100 comments unless asked, at most 500.</summary>
    public const int DefaultCommentPage = 100;

    public const int MaxCommentPage = 500;

    /// <summary>GetCommentReactions: "the default is the same as the allowed maximum, 1,000".</summary>
    public const int MaxReactionPage = 1_000;

    /// <summary>The longest client request token taken, as AWS's idempotency tokens elsewhere.</summary>
    public const int MaxClientRequestTokenLength = 64;

    public const string Before = "BEFORE";

    public const string After = "AFTER";

    /// <summary>The content: CommentContentRequiredException when missing or empty, CommentContentSizeLimitExceededException past 10,240 characters.</summary>
    public static string Content(string? content)
    {
        if (string.IsNullOrEmpty(content))
        {
            throw Error("CommentContentRequiredException", "The comment is empty. You must provide some content for a comment. The content cannot be null.");
        }

        return content.Length <= MaxContentLength
            ? content
            : throw Error("CommentContentSizeLimitExceededException", $"The comment is too large. Comments are limited to {MaxContentLength:N0} characters.");
    }

    /// <summary>A comment id: CommentIdRequiredException when missing, InvalidCommentIdException unless it is a UUID as this service issues them.</summary>
    public static string CommentId(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw Error("CommentIdRequiredException", "The comment ID is missing or null. A comment ID is required.");
        }

        return Guid.TryParseExact(id, "D", out var parsed)
            ? parsed.ToString("D")
            : throw Error("InvalidCommentIdException", $"The comment ID is not in a valid format: {id}. Make sure that you have provided the full comment ID.");
    }

    /// <summary>An optional client request token: InvalidClientRequestTokenException when empty or longer than 64 characters.</summary>
    public static string? ClientRequestToken(string? token) =>
        token is null || (token.Length is > 0 and <= MaxClientRequestTokenLength && !token.Any(char.IsControl))
            ? token
            : throw Error("InvalidClientRequestTokenException", $"The client request token is not valid. It must be 1 to {MaxClientRequestTokenLength} characters long.");

    /// <summary>A full commit id: CommitIdRequiredException when missing, InvalidCommitIdException when it is not 40 (or 64) hex digits.</summary>
    public static string CommitId(string? id, string member) =>
        string.IsNullOrEmpty(id)
            ? throw Error("CommitIdRequiredException", $"A commit ID is required for {member}, but was not specified.")
            : GitObjectIds.Normalize(id) ?? throw CodeCommitErrors.InvalidCommitId(id);

    /// <summary>An optional full commit id.</summary>
    public static string? OptionalCommitId(string? id) =>
        string.IsNullOrEmpty(id) ? null : GitObjectIds.Normalize(id) ?? throw CodeCommitErrors.InvalidCommitId(id);

    /// <summary>BeforeCommitIdAndAfterCommitIdAreSameException when the two are one commit.</summary>
    public static void Different(string? before, string after)
    {
        if (before == after)
        {
            throw Error("BeforeCommitIdAndAfterCommitIdAreSameException",
                "The before commit ID and the after commit ID are the same, which is not valid. The before commit ID and the after commit ID must be different commit IDs.");
        }
    }

    /// <summary>
    /// The location's own rules, before the commits are read: none when absent or empty; a path
    /// is required for a position or a version (PathRequiredException), well formed
    /// (InvalidPathException); the version is BEFORE or AFTER (AFTER when not given); a position is a
    /// line number from 1 (InvalidFilePositionException).
    /// </summary>
    public static CommentLocation? Location(CommentLocationInput? input)
    {
        if (input is null || (input.FilePath is null && input.FilePosition is null && input.RelativeFileVersion is null))
        {
            return null;
        }

        var version = input.RelativeFileVersion ?? After;
        if (version is not (Before or After))
        {
            throw Error("InvalidRelativeFileVersionEnumException", $"The relative file version is not valid: {version}. Valid values are BEFORE and AFTER.");
        }

        var path = ContentPaths.File(input.FilePath);
        if (input.FilePosition is < 1)
        {
            throw InvalidFilePosition(input.FilePosition.Value, path);
        }

        return new CommentLocation(path, input.FilePosition, version);
    }

    public static AwsServiceException InvalidFilePosition(long position, string path) =>
        Error("InvalidFilePositionException", $"The position {position} is not valid. Make sure that the line number exists in the version of {path} you want to comment on.");

    public static AwsServiceException InvalidFileLocation(string path) =>
        Error("InvalidFileLocationException", $"The location of the file is not valid: {path} is not a file. Make sure that you include the file name and extension.");

    public static AwsServiceException BeforeVersionWithoutBeforeCommit() =>
        Error("InvalidRelativeFileVersionEnumException", "The relative file version BEFORE is not valid without a before commit ID.");

    public static AwsServiceException PathDoesNotExist(string path, string commitId) =>
        Error("PathDoesNotExistException", $"The path {path} does not exist in commit {commitId}.");

    public static AwsServiceException CommitDoesNotExist(string id) => CodeCommitErrors.CommitDoesNotExist(id);

    public static AwsServiceException BeforeCommitRequired(string after) =>
        Error("CommitIdRequiredException", $"A before commit ID is required: commit {after} is not an initial commit.");

    public static AwsServiceException CommentDoesNotExist(string id) =>
        Error("CommentDoesNotExistException", $"No comment exists with the ID {id}. Verify that you have used the correct ID, and then try again.");

    public static AwsServiceException CommentDeleted(string id) =>
        Error("CommentDeletedException", $"The comment {id} has already been deleted. You cannot edit or delete a deleted comment.");

    public static AwsServiceException CommentNotCreatedByCaller(string id) =>
        Error("CommentNotCreatedByCallerException", $"You cannot modify or delete the comment {id}. Only comment authors can modify or delete their comments.");

    public static AwsServiceException IdempotencyParameterMismatch(string token) =>
        Error("IdempotencyParameterMismatchException",
            $"The client request token {token} has been used in a previous request with different parameters and cannot be reused.");

    /// <summary>A pull request id: PullRequestIdRequiredException when missing, InvalidPullRequestIdException unless it is a positive number.</summary>
    public static string PullRequestId(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw Error("PullRequestIdRequiredException", "A pull request ID is required, but none was provided.");
        }

        return long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0
            ? number.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : throw Error("InvalidPullRequestIdException", $"The pull request ID is not valid: {id}. Make sure that you have provided the full ID.");
    }

    public static AwsServiceException PullRequestDoesNotExist(string id) =>
        Error("PullRequestDoesNotExistException", $"The pull request ID {id} could not be found. Make sure that you have specified the correct repository name and pull request ID, and then try again.");

    public static AwsServiceException RepositoryNotAssociatedWithPullRequest(string name, string id) =>
        Error("RepositoryNotAssociatedWithPullRequestException",
            $"The repository {name} does not contain a pull request with the ID {id}. Use GetPullRequest to verify the correct repository name for the pull request ID.");

    public static AwsServiceException NotThePullRequestsCommit(string member, string id, string pullRequestId) =>
        Error("InvalidCommitIdException", $"The {member} {id} is not a commit that pull request {pullRequestId} compares.");

    public static AwsServiceException ReactionValueRequired() =>
        Error("ReactionValueRequiredException", "A reaction value is required.");

    public static AwsServiceException InvalidReactionValue(string value) =>
        Error("InvalidReactionValueException",
            $"The value of the reaction is not valid: {value}. Use one of {string.Join(", ", CommentReactionValues.All.Select(r => r.ShortCode))}, the emoji itself or its code point (U+1F44D), or none.");

    public static AwsServiceException InvalidReactionUserArn(string arn) =>
        Error("InvalidReactionUserArnException", $"The Amazon Resource Name (ARN) of the user or identity is not valid: {arn}");

    /// <summary>A page of comments: maxResults 1 to 500 (InvalidMaxResultsException), 100 when not given.</summary>
    public static PageRequest CommentPage(string? nextToken, int? maxResults) => Page(nextToken, maxResults, DefaultCommentPage, MaxCommentPage);

    /// <summary>A page of reactions: maxResults 1 to 1,000, 1,000 when not given.</summary>
    public static PageRequest ReactionPage(string? nextToken, int? maxResults) => Page(nextToken, maxResults, MaxReactionPage, MaxReactionPage);

    /// <summary>The row key a page continues after; InvalidContinuationTokenException for a token this service did not issue.</summary>
    public static long Cursor(PageRequest page) =>
        page.Token is null
            ? 0
            : PageTokens.TryDecodeKey(page.Token, out var key) && long.TryParse(key, out var after) && after > 0
                ? after
                : throw CodeCommitErrors.InvalidContinuationToken();

    public static string Token(long key) => PageTokens.EncodeKey(key.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A hash of a request's parameters, to tell a retry from a reuse of its token.</summary>
    public static string Hash(params object?[] parameters) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(parameters))));

    private static PageRequest Page(string? nextToken, int? maxResults, int defaultSize, int maxSize) =>
        maxResults is { } n && (n < 1 || n > maxSize)
            ? throw CodeCommitErrors.InvalidMaxResults()
            : new PageRequest(nextToken, maxResults ?? defaultSize);

    private static AwsServiceException Error(string code, string message) => CodeCommitErrors.Error(code, message);
}
