using static Gitstead.Policy.PolicyJsonReader;

namespace Gitstead.Policy;

/// <summary>Checks <c>service:Action</c> names and condition key names.</summary>
internal static class ActionFormat
{
    public static void CheckAction(string action)
    {
        if (action == "*")
        {
            return;
        }

        var parts = action.Split(':');
        Require(parts.Length > 1, PolicyErrors.MissingVendor);
        Require(parts.Length == 2, PolicyErrors.ActionTooManyColons);
        CheckVendor(parts[0]);
    }

    public static void CheckConditionKey(string key)
    {
        var colon = key.IndexOf(':');
        Require(colon > 0, PolicyErrors.MissingVendor);
    }

    private static void CheckVendor(string vendor)
    {
        if (vendor == "*")
        {
            return;
        }

        Require(!vendor.Contains('*') && !vendor.Contains('?'), PolicyErrors.PartialServiceWildcard);
        if (vendor.Length == 0 || !vendor.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
        {
            throw new MalformedPolicyDocumentException(PolicyErrors.InvalidVendor(vendor));
        }
    }
}
