using System.Text.RegularExpressions;
using Gitstead.Aws;

namespace Gitstead.Iam.ServiceCredentials;

/// <summary>
/// Model constraints of the parameters these operations share. A model <c>pattern</c> must
/// match the whole value, and <c>\w</c> means <c>[A-Za-z0-9_]</c> there (Java regex), so the
/// patterns are anchored and spelled out here while messages quote the model's text.
/// </summary>
internal static partial class IamInput
{
    private const string UserNamePattern = @"[\w+=,.@-]+";
    private const string IdPattern = @"[\w]+";
    private const string PublicKeyPattern = @"[\u0009\u000A\u000D\u0020-\u00FF]+";

    /// <summary><c>userNameType</c>: 1–64.</summary>
    public static string? UserName(QueryArgs args) => Matching(args, "UserName", 1, 64, UserNamePattern, UserNameRegex());

    public static string RequiredUserName(QueryArgs args) => UserName(args) ?? args.Required("UserName");

    /// <summary>Ids such as <c>serviceSpecificCredentialId</c> and <c>publicKeyIdType</c>: 20–128 <c>[\w]+</c>.</summary>
    public static string RequiredId(QueryArgs args, string name) =>
        Matching(args, name, 20, 128, IdPattern, IdRegex()) ?? args.Required(name);

    /// <summary><c>publicKeyMaterialType</c>: 1–16384 characters of Latin-1 text.</summary>
    public static string RequiredPublicKeyBody(QueryArgs args) =>
        Matching(args, "SSHPublicKeyBody", 1, 16384, PublicKeyPattern, PublicKeyRegex()) ?? args.Required("SSHPublicKeyBody");

    private static string? Matching(QueryArgs args, string name, int min, int max, string pattern, Regex regex)
    {
        var value = args.String(name, min, max);
        if (value is not null && !regex.IsMatch(value))
        {
            throw Validation.Error($"Value '{value}' at '{Validation.Field(name)}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}");
        }

        return value;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@-]+\z")]
    private static partial Regex UserNameRegex();

    [GeneratedRegex(@"^[A-Za-z0-9_]+\z")]
    private static partial Regex IdRegex();

    [GeneratedRegex(@"^[\t\n\r\u0020-\u00FF]+\z")]
    private static partial Regex PublicKeyRegex();
}
