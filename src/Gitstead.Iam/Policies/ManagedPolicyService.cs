using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Users;
using Gitstead.Policy;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Policies;

/// <summary>A customer managed policy to create, already checked against the model's constraints.</summary>
internal sealed record NewPolicy(string PolicyName, string Path, string Document, string? Description, IReadOnlyList<Tag> Tags);

/// <summary>
/// The rules of managed policies: customer managed policies are rows of the account; AWS
/// managed ones are shipped data that every account can read and attach but not change.
/// </summary>
internal sealed class ManagedPolicyService(IGitsteadDb db, TimeProvider time)
{
    public const int PoliciesQuota = 1500;

    public async Task<PolicyView> CreateAsync(string accountId, NewPolicy request, Permission permission, CancellationToken ct)
    {
        await permission.RequireAsync(Arns.Policy(accountId, request.Path, request.PolicyName), ct);
        UserTags.CheckRequest(request.Tags, "Policy");
        PolicyDocuments.CheckManaged(request.Document);
        await using var context = db.Create();
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

        var policy = await InsertAsync(context, accountId, request, ct);
        return PolicyView.Of(policy) with { Tags = request.Tags };
    }

    public async Task<PolicyView> GetAsync(string accountId, string policyArn, Permission permission, CancellationToken ct)
    {
        var arn = PolicyArns.Parse(policyArn);
        await permission.RequireAsync(arn.Value, ct);
        await using var context = db.Create();
        return await PolicyResolver.FindWithCountsAsync(context, accountId, arn, ct) ?? throw PolicyArns.NotFound(arn.Value);
    }

    /// <summary>
    /// Deletes a customer managed policy with its default version. AWS's contract: detached
    /// from every user, group and role (and not a permissions boundary), and no other version left.
    /// </summary>
    public async Task DeleteAsync(string accountId, string policyArn, Permission permission, CancellationToken ct)
    {
        var arn = PolicyArns.Parse(policyArn);
        await permission.RequireChangeAsync(arn, ct);
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
    public static async Task<ManagedPolicy> RequireOwnAsync(GitsteadDbContext context, string accountId, PolicyArn arn, CancellationToken ct)
    {
        if (arn.IsAwsManaged)
        {
            throw AwsManagedPolicies.FindByArn(arn.Value) is null
                ? PolicyArns.NotFound(arn.Value)
                : PolicyArns.NotChangeable(arn.Value);
        }

        return await PolicyResolver.FindCustomerAsync(context, accountId, arn, ct) ?? throw PolicyArns.NotFound(arn.Value);
    }

    private async Task<ManagedPolicy> InsertAsync(GitsteadDbContext context, string accountId, NewPolicy request, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var policy = new ManagedPolicy
        {
            AccountId = accountId,
            PolicyId = IamIds.UniqueId("ANPA"),
            PolicyName = request.PolicyName,
            Path = request.Path,
            Arn = Arns.Policy(accountId, request.Path, request.PolicyName),
            DefaultVersionId = "v1",
            NextVersion = 2,
            Description = request.Description,
            CreateDate = now,
            UpdateDate = now,
        };
        await using var tx = await context.Database.BeginTransactionAsync(ct);
        context.Policies.Add(policy);
        await context.SaveUniqueAsync(() => AlreadyExists(request.PolicyName), ct);

        context.PolicyVersions.Add(new PolicyVersion { PolicyKey = policy.Key, VersionId = "v1", Document = request.Document, CreateDate = now });
        await context.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return policy;
    }

    private static AwsServiceException AlreadyExists(string policyName) =>
        IamErrors.EntityAlreadyExists($"A policy called {policyName} already exists. Duplicate names are not allowed.");
}
