using System.Text.RegularExpressions;

namespace Gitstead.Console.Pages.Iam;

/// <summary>
/// The IAM model's name constraints, checked before a call as the API handlers check them
/// (the services take names already checked), with the console's wording.
/// </summary>
public static partial class IamNames
{
    /// <summary>The pattern of user, group and policy names, for <c>data-pattern</c> and the server alike.</summary>
    public const string Pattern = "^[A-Za-z0-9_+=,.@-]+$";

    public const string UserNameRule = "The user name can have up to 64 characters. Valid characters: A-Z, a-z, 0-9, and + = , . @ _ - (hyphen).";

    public const string GroupNameRule = "The group name can have up to 128 characters. Valid characters: A-Z, a-z, 0-9, and + = , . @ _ - (hyphen).";

    public const string PolicyNameRule = "The policy name can have up to 128 characters. Valid characters: A-Z, a-z, 0-9, and + = , . @ _ - (hyphen).";

    /// <summary>AWS's limit on console passwords and the characters the model allows.</summary>
    public const string PasswordRule = "The password can have up to 128 characters of the printable Latin-1 set.";

    /// <summary>The error for a user name (<c>userNameType</c>: 1–64), or null when it is valid.</summary>
    public static string? CheckUserName(string? name) => Valid(name, 64) ? null : UserNameRule;

    /// <summary>The error for a group name (<c>groupNameType</c>: 1–128), or null.</summary>
    public static string? CheckGroupName(string? name) => Valid(name, 128) ? null : GroupNameRule;

    /// <summary>The error for a managed or inline policy name (<c>policyNameType</c>: 1–128), or null.</summary>
    public static string? CheckPolicyName(string? name) => Valid(name, 128) ? null : PolicyNameRule;

    /// <summary>The error for a console password (<c>passwordType</c>: 1–128 Latin-1), or null; the policy is the service's to check.</summary>
    public static string? CheckPassword(string? password) =>
        password is { Length: > 0 and <= 128 } && password.All(c => c is '\t' or '\n' or '\r' || (c >= ' ' && c <= '\u00FF')) ? null : PasswordRule;

    private static bool Valid(string? name, int max) => name is { Length: > 0 } && name.Length <= max && NamePattern().IsMatch(name);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
