using Gitstead.Iam.Common;
using Gitstead.Policy;

namespace Gitstead.Iam.Policies;

/// <summary>Policy documents as the IAM API takes and returns them.</summary>
internal static class PolicyDocuments
{
    /// <summary>
    /// Checks a managed policy version: the grammar (MalformedPolicyDocument with the reason),
    /// then the 6,144-character quota, which AWS reports as LimitExceeded.
    /// </summary>
    public static void CheckManaged(string document)
    {
        Parse(document, PolicyParseOptions.ManagedIdentity);
        if (PolicyLimits.CountNonWhitespace(document) > PolicyLimits.ManagedPolicyMaxChars)
        {
            throw IamErrors.LimitExceeded($"Cannot exceed quota for PolicySize: {PolicyLimits.ManagedPolicyMaxChars}");
        }
    }

    /// <summary>Checks the grammar of an inline identity policy (the aggregate size is the caller's concern).</summary>
    public static void CheckInline(string document) => Parse(document, PolicyParseOptions.InlineIdentity);

    /// <summary>
    /// The document as IAM returns it: URL-encoded per RFC 3986 (<c>%20</c> for a space, never
    /// <c>+</c>), which botocore decodes back into a dict.
    /// </summary>
    public static string Encode(string document) => Uri.EscapeDataString(document);

    private static void Parse(string document, PolicyParseOptions options)
    {
        try
        {
            PolicyDocument.Parse(document, options);
        }
        catch (MalformedPolicyDocumentException e)
        {
            throw IamErrors.MalformedPolicyDocument(e.Message);
        }
    }
}
