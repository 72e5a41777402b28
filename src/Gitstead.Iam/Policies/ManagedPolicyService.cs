using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Users;
using Gitstead.Policy;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Policies;

/// <summary>
/// The rules of managed policies: customer managed policies are rows of the account; AWS
/// managed ones are shipped data that every account can read and attach but not change. Each
/// method authorizes the action named on it on the policy's ARN; a change to an AWS managed
/// policy is refused as AWS refuses it, as an implicit deny. A refusal is
/// <see cref="AccessDeniedException"/>; other outcomes are <see cref="AwsServiceException"/>s
/// with IAM's error codes.
/// </summary>
public sealed class ManagedPolicyService(IGitsteadDb db, IAuthorizer authorizer, TimeProvider time)
{
    public const int PoliciesQuota = 1500;

    /// <summary>
    /// Creates a customer managed policy with its first version. Authorizes
    /// <c>iam:CreatePolicy</c> on the new ARN, with the tags as <c>aws:RequestTag/KEY</c> and <c>aws:TagKeys</c>.
    /// </summary>
    /// <exception cref="AwsServiceException">
    /// InvalidInput (tag keys repeated or reserved), MalformedPolicyDocument, LimitExceeded (the
    /// document's size, 1,500 policies), EntityAlreadyExists.
    /// </exception>
    public async Task<PolicyInfo> CreateAsync(CallContext call, NewPolicy request, CancellationToken ct)
    {
        var accountId = call.AccountId;
        var arn = Arns.Policy(accountId, request.Path, request.PolicyName);
        await authorizer.RequireAsync(call, "iam:CreatePolicy", arn, UserTags.RequestConditions(request.Tags), ct);
        UserTags.CheckRequest(request.Tags, "Policy");
        PolicyDocuments.CheckManaged(request.Document);
        await using var context = db.Create();

        // The quota's count and the insert hold the account's policy lock: concurrent creators cannot pass it together.
        await using var transaction = await context.BeginLimitLockAsync($"iam-policies:{accountId}", ct);
        var nameKey = request.PolicyName.ToLowerInvariant();

        // Policy names are unique in the account whatever their path, and case-insensitively.
        if (await context.Policies.AnyAsync(p => p.AccountId == accountId && p.PolicyName.ToLower() == nameKey, ct))
        {
            throw AlreadyExists(request.PolicyName);
        }

        if (await context.Policies.CountAsync(p => p.AccountId == accountId, ct) >= PoliciesQuota)
        {
            throw IamErrors.LimitExceeded($"Cannot exceed quota for PoliciesPerAccount: {PoliciesQuota}");
        }

        var policy = await InsertAsync(context, accountId, arn, request, ct);
        await transaction.CommitAsync(ct);
        return PolicyInfo.From(policy) with { Tags = request.Tags };
    }

    /// <summary>A managed policy with its usage counts in the account. Authorizes <c>iam:GetPolicy</c>.</summary>
    /// <exception cref="AwsServiceException">InvalidInput (not a policy ARN), NoSuchEntity.</exception>
    public async Task<PolicyInfo> GetAsync(CallContext call, string policyArn, CancellationToken ct)
    {
        var arn = PolicyArns.Parse(policyArn);
        await authorizer.RequireAsync(call, "iam:GetPolicy", arn.Value, ct);
        await using var context = db.Create();
        return await PolicyResolver.FindWithCountsAsync(context, call.AccountId, arn, ct) ?? throw PolicyArns.NotFound(arn.Value);
    }

    /// <summary>
    /// Deletes a customer managed policy with its default version. AWS's contract: detached
    /// from every user, group and role (and not a permissions boundary), and no other version
    /// left. Authorizes <c>iam:DeletePolicy</c>.
    /// </summary>
    /// <exception cref="AwsServiceException">InvalidInput (not a policy ARN), NoSuchEntity, DeleteConflict.</exception>
    public async Task DeleteAsync(CallContext call, string policyArn, CancellationToken ct)
    {
        var accountId = call.AccountId;
        var arn = PolicyArns.Parse(policyArn);
        await authorizer.For(call, "iam:DeletePolicy").RequireChangeAsync(arn, ct);
        await using var context = db.Create();
        await using var tx = await context.Database.BeginTransactionAsync(ct);
        var policy = await RequireOwnAsync(context, accountId, arn, ct);
        if (await context.PolicyAttachments.AnyAsync(a => a.PolicyArn == arn.Value && a.AccountId == accountId, ct)
            || await context.Users.AnyAsync(u => u.AccountId == accountId && u.PermissionsBoundaryArn == arn.Value, ct))
        {
            throw IamErrors.DeleteConflict("Cannot delete a policy attached to entities.");
        }

        if (await context.PolicyVersions.CountAsync(v => v.PolicyKey == policy.Key, ct) > 1)
        {
            throw IamErrors.DeleteConflict(
                "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
        }

        await context.PolicyVersions.Where(v => v.PolicyKey == policy.Key).ExecuteDeleteAsync(ct);
        await context.Policies.Where(p => p.Key == policy.Key).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// The customer managed policy an ARN names, for a change: an AWS managed policy is
    /// refused as AWS refuses it, an unknown one is NoSuchEntity.
    /// </summary>
    internal static async Task<ManagedPolicy> RequireOwnAsync(GitsteadDbContext context, string accountId, PolicyArn arn, CancellationToken ct)
    {
        if (arn.IsAwsManaged)
        {
            throw AwsManagedPolicies.FindByArn(arn.Value) is null
                ? PolicyArns.NotFound(arn.Value)
                : PolicyArns.NotChangeable(arn.Value);
        }

        return await PolicyResolver.FindCustomerAsync(context, accountId, arn, ct) ?? throw PolicyArns.NotFound(arn.Value);
    }

    /// <summary>The policy and its first version, in the caller's transaction.</summary>
    private async Task<ManagedPolicy> InsertAsync(GitsteadDbContext context, string accountId, string arn, NewPolicy request, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var policy = new ManagedPolicy
        {
            AccountId = accountId,
            PolicyId = IamIds.UniqueId("ANPA"),
            PolicyName = request.PolicyName,
            Path = request.Path,
            Arn = arn,
            DefaultVersionId = "v1",
            NextVersion = 2,
            Description = request.Description,
            CreateDate = now,
            UpdateDate = now,
        };
        context.Policies.Add(policy);
        await context.SaveUniqueAsync(() => AlreadyExists(request.PolicyName), ct);

        context.PolicyVersions.Add(new PolicyVersion { PolicyKey = policy.Key, VersionId = "v1", Document = request.Document, CreateDate = now });
        await context.SaveChangesAsync(ct);
        return policy;
    }

    private static AwsServiceException AlreadyExists(string policyName) =>
        IamErrors.EntityAlreadyExists($"A policy called {policyName} already exists. Duplicate names are not allowed.");
}
