using Gitstead.Aws;
using Gitstead.Iam.AccessKeys;
using Gitstead.Storage.Entities;

namespace Gitstead.Iam.Users;

/// <summary>A tag of a user or a managed policy. Keys are unique case-insensitively; <c>aws:</c> is reserved.</summary>
public sealed record Tag(string Key, string Value);

/// <summary>A user to create, already checked against the model's constraints.</summary>
/// <param name="UserName">1–64 characters of <c>[A-Za-z0-9_+=,.@-]</c>; unique case-insensitively in the account.</param>
/// <param name="Path"><c>/</c> or <c>/a/b/</c>.</param>
/// <param name="PermissionsBoundary">A managed policy ARN, or null.</param>
/// <param name="Tags">At most 50.</param>
public sealed record NewUser(string UserName, string Path, string? PermissionsBoundary, IReadOnlyList<Tag> Tags);

/// <summary>An IAM user.</summary>
/// <param name="UserName">The name, as created (names compare case-insensitively).</param>
/// <param name="Path"><c>/</c> or <c>/a/b/</c>.</param>
/// <param name="UserId">Unique id, <c>AIDA…</c>.</param>
/// <param name="Arn"><c>arn:aws:iam::ACCOUNT:user/PATH/NAME</c>.</param>
/// <param name="CreateDate">When the user was created (UTC).</param>
/// <param name="PasswordLastUsed">When the user last signed in with a console password; null if never.</param>
/// <param name="PermissionsBoundaryArn">The managed policy set as permissions boundary, or null.</param>
/// <param name="Tags">By key; filled where AWS shows them (creating and getting a user), empty in lists.</param>
public sealed record UserInfo(
    string UserName,
    string Path,
    string UserId,
    string Arn,
    DateTime CreateDate,
    DateTime? PasswordLastUsed,
    string? PermissionsBoundaryArn,
    IReadOnlyList<Tag> Tags)
{
    internal static UserInfo From(IamUser user) => new(
        user.UserName,
        user.Path,
        user.UserId,
        Arns.User(user.AccountId, user.Path, user.UserName),
        user.CreateDate,
        user.PasswordLastUsed,
        user.PermissionsBoundaryArn,
        user.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new Tag(t.Key, t.Value)).ToList());
}

/// <summary>
/// Whom GetUser describes: an IAM user, or — when the root asks about itself — the account root,
/// whose unique id is the account id and which has no name or path.
/// </summary>
/// <param name="UserId">The user's unique id, or the account id for the root.</param>
/// <param name="Arn">The user's ARN, or <c>arn:aws:iam::ACCOUNT:root</c>.</param>
/// <param name="CreateDate">When the user, or the account, was created.</param>
/// <param name="User">The IAM user; null for the root.</param>
public sealed record UserIdentity(string UserId, string Arn, DateTime CreateDate, UserInfo? User)
{
    public bool IsRoot => User is null;
}

/// <summary>What a users list shows beside a user (<see cref="UserService.SummarizeAsync"/>); null where the caller may not see it.</summary>
/// <param name="UserName">The user.</param>
/// <param name="GroupCount">How many groups it is in (<c>iam:ListGroupsForUser</c>).</param>
/// <param name="HasConsolePassword">Whether it has a console password (<c>iam:GetLoginProfile</c>).</param>
/// <param name="AccessKeys">Its access keys, by id, never their secrets (<c>iam:ListAccessKeys</c>).</param>
public sealed record UserSummary(string UserName, int? GroupCount, bool? HasConsolePassword, IReadOnlyList<AccessKeyInfo>? AccessKeys);
