using static Gitstead.Policy.PolicyJsonReader;

namespace Gitstead.Policy;

/// <summary>Checks principal identifiers: AWS principals are <c>*</c>, a 12-digit account or an ARN.</summary>
internal static class PrincipalFormat
{
    public static void Check(RawPrincipal principal)
    {
        foreach (var (type, value) in principal.Entries)
        {
            Require(value.Length > 0 && (type != "AWS" || IsAwsPrincipal(value)), PolicyErrors.InvalidPrincipal);
        }
    }

    internal static bool IsAccountId(string value) => value.Length == 12 && value.All(char.IsAsciiDigit);

    private static bool IsAwsPrincipal(string value) =>
        value == "*" || IsAccountId(value) || value.StartsWith("arn:", StringComparison.Ordinal);
}
