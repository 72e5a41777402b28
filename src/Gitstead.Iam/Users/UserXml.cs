using System.Xml.Linq;
using Gitstead.Aws;
using Gitstead.Storage.Entities;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.Users;

/// <summary>The model's <c>User</c> shape.</summary>
internal static class UserXml
{
    /// <summary>
    /// A user. ListUsers leaves out <c>PermissionsBoundary</c> and <c>Tags</c> (per its model
    /// documentation); the single-user results include them when present.
    /// </summary>
    public static XElement User(IamUser user, bool details) => E(
        "User",
        E("Path", user.Path),
        E("UserName", user.UserName),
        E("UserId", user.UserId),
        E("Arn", Arns.User(user.AccountId, user.Path, user.UserName)),
        E("CreateDate", Date(user.CreateDate)),
        Opt("PasswordLastUsed", user.PasswordLastUsed),
        details ? Boundary(user.PermissionsBoundaryArn) : null,
        details && user.Tags.Count > 0 ? UserTags.Render(user.Tags) : null);

    /// <summary>
    /// GetUser for the root's own credentials: the root identity, with the account id as its
    /// unique id and the account's creation date. Like AWS, no <c>UserName</c> or <c>Path</c>.
    /// </summary>
    public static XElement Root(string accountId, DateTime accountCreateDate) => E(
        "User",
        E("UserId", accountId),
        E("Arn", Arns.Root(accountId)),
        E("CreateDate", Date(accountCreateDate)));

    private static XElement? Boundary(string? arn) => arn is null
        ? null
        : E("PermissionsBoundary", E("PermissionsBoundaryType", "PermissionsBoundaryPolicy"), E("PermissionsBoundaryArn", arn));
}
