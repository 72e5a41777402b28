namespace Gitstead.Policy;

/// <summary>
/// IAM's policy size quotas, counted in characters excluding whitespace. The IAM API
/// enforces them (LimitExceeded for aggregate inline sizes, MalformedPolicyDocument for a
/// single managed policy); the parser does not.
/// </summary>
public static class PolicyLimits
{
    /// <summary>Maximum size of one managed policy (each version).</summary>
    public const int ManagedPolicyMaxChars = 6_144;

    /// <summary>Maximum aggregate size of all inline policies of one user.</summary>
    public const int UserInlinePoliciesMaxChars = 2_048;

    /// <summary>Maximum aggregate size of all inline policies of one group.</summary>
    public const int GroupInlinePoliciesMaxChars = 5_120;

    /// <summary>Maximum aggregate size of all inline policies of one role.</summary>
    public const int RoleInlinePoliciesMaxChars = 10_240;

    /// <summary>The number of characters of <paramref name="text"/> that are not whitespace.</summary>
    public static int CountNonWhitespace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = 0;
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                count++;
            }
        }

        return count;
    }
}
