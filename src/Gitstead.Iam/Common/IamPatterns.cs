using System.Text.RegularExpressions;

namespace Gitstead.Iam.Common;

/// <summary>
/// A constraint pattern of the IAM model. It matches whole values (the model's patterns are
/// implicitly anchored) and prints itself as the model writes it, so validation messages quote
/// AWS's text. <paramref name="dotnet"/> is the .NET form where the two dialects differ
/// (Java's <c>\w</c> is ASCII-only, .NET's is Unicode).
/// </summary>
internal sealed class ModelPattern(string model, string? dotnet = null)
    : Regex(@"\A(?:" + (dotnet ?? model) + @")\z", RegexOptions.CultureInvariant)
{
    public override string ToString() => model;
}

/// <summary>The IAM model's string patterns the IAM operations validate their parameters with.</summary>
internal static class IamPatterns
{
    /// <summary><c>userNameType</c> and <c>existingUserNameType</c>.</summary>
    public static readonly ModelPattern UserName = new(@"[\w+=,.@-]+", "[A-Za-z0-9_+=,.@-]+");

    /// <summary><c>groupNameType</c>.</summary>
    public static readonly ModelPattern GroupName = new(@"[\w+=,.@-]+", "[A-Za-z0-9_+=,.@-]+");

    /// <summary><c>pathType</c>: <c>/</c> or <c>/a/b/</c>.</summary>
    public static readonly ModelPattern Path = new(@"(\u002F)|(\u002F[\u0021-\u007E]+\u002F)");

    /// <summary><c>pathPrefixType</c>.</summary>
    public static readonly ModelPattern PathPrefix = new(@"\u002F[\u0021-\u007F]*");

    /// <summary>
    /// Ids: <c>accessKeyIdType</c>, <c>publicKeyIdType</c> and <c>serviceSpecificCredentialId</c>
    /// (their lengths differ: 16–128 for access keys, 20–128 for the others).
    /// </summary>
    public static readonly ModelPattern Id = new(@"[\w]+", "[A-Za-z0-9_]+");

    /// <summary><c>passwordType</c>.</summary>
    public static readonly ModelPattern Password = new(@"[\u0009\u000A\u000D\u0020-\u00FF]+");

    /// <summary><c>publicKeyMaterialType</c>: the same Latin-1 text as a password.</summary>
    public static readonly ModelPattern PublicKeyMaterial = new(@"[\u0009\u000A\u000D\u0020-\u00FF]+");

    /// <summary><c>tagKeyType</c>.</summary>
    public static readonly ModelPattern TagKey = new(@"[\p{L}\p{Z}\p{N}_.:/=+\-@]+");

    /// <summary><c>tagValueType</c>.</summary>
    public static readonly ModelPattern TagValue = new(@"[\p{L}\p{Z}\p{N}_.:/=+\-@]*");

    /// <summary><c>accountAliasType</c>.</summary>
    public static readonly ModelPattern AccountAlias = new(@"^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$");

    /// <summary>The lower-cased lookup key of a user name (names are unique case-insensitively).</summary>
    public static string NameKey(string name) => name.ToLowerInvariant();
}
