using System.Xml.Linq;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.Users;

/// <summary>The model's <c>User</c> shape.</summary>
internal static class UserXml
{
    /// <summary>
    /// A user. ListUsers leaves out <c>PermissionsBoundary</c> and <c>Tags</c> (per its model
    /// documentation); the single-user results include them when present.
    /// </summary>
    public static XElement User(UserInfo user, bool details) => E(
        "User",
        E("Path", user.Path),
        E("UserName", user.UserName),
        E("UserId", user.UserId),
        E("Arn", user.Arn),
        E("CreateDate", Date(user.CreateDate)),
        Opt("PasswordLastUsed", user.PasswordLastUsed),
        details ? Boundary(user.PermissionsBoundaryArn) : null,
        details && user.Tags.Count > 0 ? UserTags.Render(user.Tags) : null);

    /// <summary>
    /// GetUser's answer: the user, or for the root's own credentials the root identity, with
    /// the account id as its unique id and the account's creation date. Like AWS, the root has
    /// no <c>UserName</c> or <c>Path</c>.
    /// </summary>
    public static XElement Identity(UserIdentity identity) => identity.User is { } user
        ? User(user, details: true)
        : E("User", E("UserId", identity.UserId), E("Arn", identity.Arn), E("CreateDate", Date(identity.CreateDate)));

    private static XElement? Boundary(string? arn) => arn is null
        ? null
        : E("PermissionsBoundary", E("PermissionsBoundaryType", "PermissionsBoundaryPolicy"), E("PermissionsBoundaryArn", arn));
}
