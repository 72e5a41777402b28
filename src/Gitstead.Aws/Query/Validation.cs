using System.Text.RegularExpressions;

namespace Gitstead.Aws;

/// <summary>Constraint checks with AWS's "1 validation error detected" wording.</summary>
public static class Validation
{
    public static AwsServiceException Error(string detail) =>
        new("ValidationError", $"1 validation error detected: {detail}", 400);

    /// <summary>The member name as AWS writes it in validation messages (<c>userName</c>).</summary>
    public static string Field(string name) =>
        name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    public static void Check(string value, string name, int min, int max, Regex? pattern)
    {
        var field = Field(name);
        if (value.Length < min)
        {
            throw Error($"Value '{value}' at '{field}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
        }

        if (value.Length > max)
        {
            throw Error($"Value '{value}' at '{field}' failed to satisfy constraint: Member must have length less than or equal to {max}");
        }

        if (pattern is not null && !pattern.IsMatch(value))
        {
            throw Error($"Value '{value}' at '{field}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}");
        }
    }
}
