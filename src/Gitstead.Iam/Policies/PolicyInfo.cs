using Gitstead.Iam.Common;
using Gitstead.Iam.Users;
using Gitstead.Policy;
using Gitstead.Storage.Entities;

namespace Gitstead.Iam.Policies;

/// <summary>A customer managed policy to create, already checked against the model's constraints.</summary>
/// <param name="PolicyName">1–128 characters; unique case-insensitively in the account, whatever the path.</param>
/// <param name="Path"><c>/</c> or <c>/a/b/</c>.</param>
/// <param name="Document">The policy JSON; its first version.</param>
/// <param name="Description">Up to 1,000 characters, or null.</param>
/// <param name="Tags">At most 50.</param>
public sealed record NewPolicy(string PolicyName, string Path, string Document, string? Description, IReadOnlyList<Tag> Tags);

/// <summary>A managed policy: a customer managed one of the account, or an AWS managed one Gitstead ships.</summary>
/// <param name="PolicyName">The name.</param>
/// <param name="PolicyId">Unique id, <c>ANPA…</c>.</param>
/// <param name="Arn"><c>arn:aws:iam::ACCOUNT:policy/PATH/NAME</c>, or <c>arn:aws:iam::aws:policy/NAME</c>.</param>
/// <param name="Path"><c>/</c> or <c>/a/b/</c>.</param>
/// <param name="DefaultVersionId">The version in effect, <c>v1</c>, <c>v2</c>, ….</param>
/// <param name="Description">The description, or null.</param>
/// <param name="CreateDate">When the policy was created (UTC).</param>
/// <param name="UpdateDate">When its last version was created (UTC).</param>
public sealed record PolicyInfo(
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

    internal static PolicyInfo From(ManagedPolicy policy) => new(
        policy.PolicyName, policy.PolicyId, policy.Arn, policy.Path, policy.DefaultVersionId, policy.Description, policy.CreateDate, policy.UpdateDate);

    internal static PolicyInfo From(AwsManagedPolicy policy) => new(
        policy.Name, PolicyArns.AwsPolicyId(policy), policy.Arn, policy.Path, policy.DefaultVersionId, null, policy.CreateDate.UtcDateTime, policy.UpdateDate.UtcDateTime);
}

/// <summary>One version of a managed policy.</summary>
/// <param name="VersionId"><c>v1</c>, <c>v2</c>, ….</param>
/// <param name="IsDefaultVersion">True for the version in effect.</param>
/// <param name="CreateDate">When the version was created (UTC).</param>
/// <param name="Document">The policy JSON; null in lists.</param>
public sealed record PolicyVersionInfo(string VersionId, bool IsDefaultVersion, DateTime CreateDate, string? Document);

/// <summary>A managed policy attached to a user or group.</summary>
public sealed record AttachedPolicyInfo(string PolicyName, string PolicyArn);

/// <summary>A user or group a managed policy is attached to, or that uses it as a permissions boundary.</summary>
/// <param name="Kind">User or group.</param>
/// <param name="Name">The user's or group's name.</param>
/// <param name="Id">Its unique id, <c>AIDA…</c> or <c>AGPA…</c>.</param>
public sealed record PolicyEntityInfo(PrincipalKind Kind, string Name, string Id);

/// <summary>An inline policy of a user or group.</summary>
/// <param name="PrincipalName">The user's or group's name.</param>
/// <param name="PolicyName">The policy's name, unique for the principal.</param>
/// <param name="Document">The policy JSON.</param>
public sealed record InlinePolicyInfo(string PrincipalName, string PolicyName, string Document);

/// <summary>
/// ListPolicies' filters.
/// </summary>
/// <param name="Scope"><c>All</c>, <c>AWS</c> (AWS managed) or <c>Local</c> (the account's own).</param>
/// <param name="OnlyAttached">Only policies attached to a user or group (or used as a boundary, per <paramref name="Usage"/>).</param>
/// <param name="PathPrefix">Only policies whose path starts with it; <c>/</c> for all.</param>
/// <param name="Usage">With <paramref name="OnlyAttached"/>: null (either use), <c>PermissionsPolicy</c> or <c>PermissionsBoundary</c>.</param>
public sealed record PolicyFilter(string Scope, bool OnlyAttached, string PathPrefix, string? Usage);
