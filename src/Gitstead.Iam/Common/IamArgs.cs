using Gitstead.Aws;

namespace Gitstead.Iam.Common;

/// <summary>
/// The IAM model's parameter types that many operations share, read from a Query call with
/// their constraints (a failure is <c>ValidationError</c> naming the member). Which type a
/// parameter has is the operation's: e.g. CreateUser's <c>UserName</c> is a
/// <c>userNameType</c> (1–64), DeleteUser's an <c>existingUserNameType</c> (1–128).
/// </summary>
internal static class IamArgs
{
    /// <summary><c>userNameType</c>: 1–64; null when absent.</summary>
    public static string? UserName(QueryArgs args, string name = "UserName") => args.String(name, 1, 64, IamPatterns.UserName);

    /// <inheritdoc cref="UserName"/>
    public static string RequiredUserName(QueryArgs args) => args.RequiredString("UserName", 1, 64, IamPatterns.UserName);

    /// <summary><c>existingUserNameType</c>: 1–128; null when absent.</summary>
    public static string? ExistingUserName(QueryArgs args) => args.String("UserName", 1, 128, IamPatterns.UserName);

    /// <inheritdoc cref="ExistingUserName"/>
    public static string RequiredExistingUserName(QueryArgs args) => args.RequiredString("UserName", 1, 128, IamPatterns.UserName);

    /// <summary><c>groupNameType</c>: 1–128; null when absent.</summary>
    public static string? GroupName(QueryArgs args, string name = "GroupName") => args.String(name, 1, 128, IamPatterns.GroupName);

    /// <inheritdoc cref="GroupName"/>
    public static string RequiredGroupName(QueryArgs args) => args.RequiredString("GroupName", 1, 128, IamPatterns.GroupName);

    /// <summary><c>pathType</c>: <c>/</c> or <c>/a/b/</c>, 1–512; null when absent.</summary>
    public static string? Path(QueryArgs args, string name) => args.String(name, 1, 512, IamPatterns.Path);

    /// <summary><c>pathPrefixType</c>, default <c>/</c>.</summary>
    public static string PathPrefix(QueryArgs args) => args.String("PathPrefix", 1, 512, IamPatterns.PathPrefix) ?? "/";

    /// <summary><c>publicKeyIdType</c> and <c>serviceSpecificCredentialId</c>: 20–128.</summary>
    public static string RequiredCredentialId(QueryArgs args, string name) => args.RequiredString(name, 20, 128, IamPatterns.Id);
}
