using Gitstead.Aws;
using Gitstead.Iam.Common;

namespace Gitstead.Iam.Groups;

/// <summary>The model constraints of the group operations' parameters.</summary>
internal static class GroupInput
{
    /// <summary><c>groupNameType</c>: 1–128 <c>[\w+=,.@-]+</c>.</summary>
    public static readonly ModelPattern GroupNamePattern = new(@"[\w+=,.@-]+", "[A-Za-z0-9_+=,.@-]+");

    public static string? GroupName(QueryArgs args, string name = "GroupName") => args.String(name, 1, 128, GroupNamePattern);

    public static string RequiredGroupName(QueryArgs args, string name = "GroupName") => GroupName(args, name) ?? args.Required(name);

    /// <summary><c>existingUserNameType</c>: 1–128.</summary>
    public static string RequiredExistingUserName(QueryArgs args) => args.RequiredString("UserName", 1, 128, IamPatterns.UserName);

    /// <summary><c>pathType</c>: <c>/</c> or <c>/a/b/</c>, 1–512.</summary>
    public static string? Path(QueryArgs args, string name) => args.String(name, 1, 512, IamPatterns.Path);

    /// <summary><c>pathPrefixType</c>, default <c>/</c>.</summary>
    public static string PathPrefix(QueryArgs args) => args.String("PathPrefix", 1, 512, IamPatterns.PathPrefix) ?? "/";
}
