using System.Xml.Linq;
using Gitstead.Iam.Users;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.Policies;

/// <summary>The <c>Policy</c> and <c>PolicyVersion</c> shapes.</summary>
internal static class PolicyXml
{
    /// <summary>
    /// A <c>Policy</c>. <paramref name="detailed"/>: with <c>Description</c> and <c>Tags</c>,
    /// which AWS returns from CreatePolicy and GetPolicy but not from ListPolicies.
    /// </summary>
    public static XElement Policy(PolicyInfo policy, bool detailed) => E(
        "Policy",
        E("PolicyName", policy.PolicyName),
        E("PolicyId", policy.PolicyId),
        E("Arn", policy.Arn),
        E("Path", policy.Path),
        E("DefaultVersionId", policy.DefaultVersionId),
        E("AttachmentCount", policy.AttachmentCount),
        E("PermissionsBoundaryUsageCount", policy.PermissionsBoundaryUsageCount),
        Bool("IsAttachable", true),
        detailed ? Opt("Description", policy.Description) : null,
        E("CreateDate", Date(policy.CreateDate)),
        E("UpdateDate", Date(policy.UpdateDate)),
        detailed && policy.Tags is { Count: > 0 } tags ? UserTags.Render(tags) : null);

    /// <summary>A <c>PolicyVersion</c>; its <c>Document</c>, when present, URL-encoded as IAM returns it.</summary>
    public static XElement Version(PolicyVersionInfo version) => E(
        "PolicyVersion",
        version.Document is { } document ? E("Document", PolicyDocuments.Encode(document)) : null,
        E("VersionId", version.VersionId),
        Bool("IsDefaultVersion", version.IsDefaultVersion),
        E("CreateDate", Date(version.CreateDate)));
}
