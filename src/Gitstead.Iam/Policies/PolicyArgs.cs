using Gitstead.Aws;
using Gitstead.Iam.Common;

namespace Gitstead.Iam.Policies;

/// <summary>The model constraints of the policy operations' parameters.</summary>
internal static class PolicyArgs
{
    /// <summary><c>policyNameType</c>: 1–128.</summary>
    public static readonly ModelPattern PolicyName = new(@"[\w+=,.@-]+", "[A-Za-z0-9_+=,.@-]+");

    /// <summary><c>policyPathType</c>: <c>/</c> or <c>/a/b/</c> with a narrower alphabet than <c>pathType</c>.</summary>
    public static readonly ModelPattern PolicyPath = new(@"((/[A-Za-z0-9\.,\+@=_-]+)*)/");

    /// <summary><c>policyDocumentType</c>.</summary>
    public static readonly ModelPattern PolicyDocument = new(@"[\u0009\u000A\u000D\u0020-\u00FF]+");

    /// <summary><c>policyVersionIdType</c>.</summary>
    public static readonly ModelPattern VersionId = new(@"v[1-9][0-9]*(\.[A-Za-z0-9-]*)?");

    public static string RequiredPolicyName(QueryArgs args) => args.RequiredString("PolicyName", 1, 128, PolicyName);

    public static string RequiredDocument(QueryArgs args) => args.RequiredString("PolicyDocument", 1, 131072, PolicyDocument);

    /// <summary><c>arnType</c>: 20–2048; whether it names a policy is the service's concern.</summary>
    public static string RequiredPolicyArn(QueryArgs args) => args.RequiredString("PolicyArn", 20, 2048);

    public static string RequiredVersionId(QueryArgs args) => args.RequiredString("VersionId", 0, int.MaxValue, VersionId);

    /// <summary>A <c>policyPathType</c> member (CreatePolicy <c>Path</c>, list <c>PathPrefix</c>), default <c>/</c>.</summary>
    public static string PolicyPathOrRoot(QueryArgs args, string name) => args.String(name, 1, 512, PolicyPath) ?? "/";

    /// <summary>A <c>pathType</c> member (ListEntitiesForPolicy <c>PathPrefix</c>), default <c>/</c>.</summary>
    public static string EntityPathPrefix(QueryArgs args) => args.String("PathPrefix", 1, 512, IamPatterns.Path) ?? "/";

    /// <summary><c>PolicyUsageFilter</c> (<c>PolicyUsageType</c>); null when absent.</summary>
    public static string? UsageFilter(QueryArgs args) => args.Enum("PolicyUsageFilter", "PermissionsPolicy", "PermissionsBoundary");
}
