using Gitstead.Iam.Users;
using Gitstead.Policy;
using Gitstead.Storage.Entities;

namespace Gitstead.Iam.Policies;

/// <summary>A managed policy as the API shows it: a customer managed row or a shipped AWS managed policy.</summary>
internal sealed record PolicyView(
    string PolicyName,
    string PolicyId,
    string Arn,
    string Path,
    string DefaultVersionId,
    string? Description,
    DateTime CreateDate,
    DateTime UpdateDate)
{
    /// <summary>Attachments to users and groups of the caller's account.</summary>
    public int AttachmentCount { get; init; }

    /// <summary>Users of the caller's account that use the policy as their permissions boundary.</summary>
    public int PermissionsBoundaryUsageCount { get; init; }

    /// <summary>Tags given to CreatePolicy, shown in its answer; null elsewhere.</summary>
    public IReadOnlyList<Tag>? Tags { get; init; }

    public static PolicyView Of(ManagedPolicy policy) => new(
        policy.PolicyName, policy.PolicyId, policy.Arn, policy.Path, policy.DefaultVersionId, policy.Description, policy.CreateDate, policy.UpdateDate);

    public static PolicyView Of(AwsManagedPolicy policy) => new(
        policy.Name, PolicyArns.AwsPolicyId(policy), policy.Arn, policy.Path, policy.DefaultVersionId, null, policy.CreateDate.UtcDateTime, policy.UpdateDate.UtcDateTime);
}

/// <summary>One version of a managed policy.</summary>
internal sealed record PolicyVersionView(string VersionId, bool IsDefaultVersion, DateTime CreateDate, string? Document);
