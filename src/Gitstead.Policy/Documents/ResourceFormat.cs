using static Gitstead.Policy.PolicyJsonReader;

namespace Gitstead.Policy;

/// <summary>Checks that <c>Resource</c>/<c>NotResource</c> entries are <c>*</c> or ARNs.</summary>
internal static class ResourceFormat
{
    private static readonly string[] Partitions = ["aws", "aws-cn", "aws-us-gov"];

    private static readonly string[] IamResourceTypes =
    [
        "user/", "federated-user/", "role/", "group/", "instance-profile/", "mfa/", "server-certificate/",
        "policy/", "sms-mfa/", "saml-provider/", "oidc-provider/", "report/", "access-report/",
    ];

    /// <summary>IAM's legacy parser rejects short ARNs with an empty segment and ARNs with an empty service.</summary>
    public static bool PassesLegacyParsing(string resource)
    {
        if (resource == "*")
        {
            return true;
        }

        var parts = SplitSegments(resource, int.MaxValue);
        var shortWithEmptySegment = parts.Length < 6 && resource.Contains("::", StringComparison.Ordinal);
        return !shortWithEmptySegment && !(parts.Length > 2 && parts[2].Length == 0);
    }

    public static void Check(string resource)
    {
        if (resource == "*")
        {
            return;
        }

        var parts = SplitSegments(resource, 6);
        if (parts.Length < 2 || parts[0] != "arn")
        {
            throw new MalformedPolicyDocumentException(PolicyErrors.ResourceNotArn(resource));
        }

        if (!Partitions.Contains(parts[1]))
        {
            throw new MalformedPolicyDocumentException(PolicyErrors.InvalidPartition(parts[1], resource));
        }

        Require(parts.Length > 2 && IsPlainService(parts[2]), PolicyErrors.ResourceVendor);
        if (parts[2] == "iam")
        {
            CheckIamResource(resource, parts);
        }
    }

    private static bool IsPlainService(string service) =>
        service.Length > 0 && !service.Contains('*') && !service.Contains('?');

    private static void CheckIamResource(string resource, string[] parts)
    {
        if (parts.Length >= 4 && parts[3].Length > 0)
        {
            throw new MalformedPolicyDocumentException(PolicyErrors.IamResourceRegion(resource));
        }

        Require(parts.Length < 6 || IsIamResourcePath(parts[5]), PolicyErrors.IamResourcePath);
    }

    private static bool IsIamResourcePath(string path)
    {
        var wildcard = path.IndexOfAny(['*', '?', '$']);
        var literalPrefix = wildcard < 0 ? path : path[..wildcard];
        return path == "root" || IamResourceTypes.Any(type =>
            path.StartsWith(type, StringComparison.Ordinal) || (wildcard >= 0 && type.StartsWith(literalPrefix, StringComparison.Ordinal)));
    }

    /// <summary>Splits at colons, except those inside a <c>${...}</c> policy variable such as <c>${aws:username}</c>.</summary>
    private static string[] SplitSegments(string resource, int maxParts)
    {
        var parts = new List<string>();
        var start = 0;
        var depth = 0;
        for (var i = 0; i < resource.Length && parts.Count < maxParts - 1; i++)
        {
            if (resource[i] == '{' && i > 0 && resource[i - 1] == '$')
            {
                depth++;
            }
            else if (resource[i] == '}' && depth > 0)
            {
                depth--;
            }
            else if (resource[i] == ':' && depth == 0)
            {
                parts.Add(resource[start..i]);
                start = i + 1;
            }
        }

        parts.Add(resource[start..]);
        return [.. parts];
    }
}
