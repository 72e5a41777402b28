using System.Globalization;
using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Policy;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Policies;

/// <summary>
/// Versions of managed policies: at most five per customer managed policy, one of them the
/// default. A shipped AWS managed policy has just its default version, and cannot be changed.
/// Each method authorizes the action named on it on the policy's ARN (changes to an AWS
/// managed policy are an implicit deny). A refusal is <see cref="AccessDeniedException"/>;
/// other outcomes are <see cref="AwsServiceException"/>s with IAM's error codes.
/// </summary>
public sealed class PolicyVersionService(IGitsteadDb db, IAuthorizer authorizer, TimeProvider time)
{
    public const int VersionsQuota = 5;

    /// <summary>One version with its document. Authorizes <c>iam:GetPolicyVersion</c>.</summary>
    /// <exception cref="AwsServiceException">InvalidInput (not a policy ARN), NoSuchEntity (the policy or the version).</exception>
    public async Task<PolicyVersionInfo> GetAsync(CallContext call, string policyArn, string versionId, CancellationToken ct)
    {
        var arn = PolicyArns.Parse(policyArn);
        await authorizer.RequireAsync(call, "iam:GetPolicyVersion", arn.Value, ct);
        return (await ListAllAsync(call.AccountId, arn, withDocuments: true, ct)).FirstOrDefault(v => v.VersionId == versionId)
            ?? throw VersionNotFound(arn.Value, versionId);
    }

    /// <summary>The versions without documents, newest first (as AWS lists them). Authorizes <c>iam:ListPolicyVersions</c>.</summary>
    /// <exception cref="AwsServiceException">InvalidInput (not a policy ARN, a marker this list did not hand out), NoSuchEntity.</exception>
    public async Task<Page<PolicyVersionInfo>> ListAsync(CallContext call, string policyArn, PageRequest page, CancellationToken ct)
    {
        var arn = PolicyArns.Parse(policyArn);
        await authorizer.RequireAsync(call, "iam:ListPolicyVersions", arn.Value, ct);
        var versions = await ListAllAsync(call.AccountId, arn, withDocuments: false, ct);
        return Paging.PageList(versions, v => PageKey(v.VersionId), page);
    }

    /// <summary>
    /// Adds a version to a customer managed policy, optionally as the default. Authorizes
    /// <c>iam:CreatePolicyVersion</c>.
    /// </summary>
    /// <exception cref="AwsServiceException">
    /// InvalidInput (not a policy ARN), NoSuchEntity, MalformedPolicyDocument, LimitExceeded (the
    /// document's size, five versions).
    /// </exception>
    public async Task<PolicyVersionInfo> CreateAsync(CallContext call, string policyArn, string document, bool setAsDefault, CancellationToken ct)
    {
        var arn = PolicyArns.Parse(policyArn);
        await authorizer.For(call, "iam:CreatePolicyVersion").RequireChangeAsync(arn, ct);
        await using var context = db.Create();

        // The policy is read under its version lock: concurrent creations count five versions
        // exactly and each takes its own next version id.
        await using var transaction = await context.BeginLimitLockAsync($"iam-policy-versions:{call.AccountId}:{arn.Value}", ct);
        var policy = await ManagedPolicyService.RequireOwnAsync(context, call.AccountId, arn, ct);
        PolicyDocuments.CheckManaged(document);
        if (await context.PolicyVersions.CountAsync(v => v.PolicyKey == policy.Key, ct) >= VersionsQuota)
        {
            throw IamErrors.LimitExceeded(
                "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var version = new PolicyVersion { PolicyKey = policy.Key, VersionId = $"v{policy.NextVersion}", Document = document, CreateDate = now };
        context.PolicyVersions.Add(version);
        policy.NextVersion++;
        policy.UpdateDate = now;
        if (setAsDefault)
        {
            policy.DefaultVersionId = version.VersionId;
        }

        await context.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new PolicyVersionInfo(version.VersionId, setAsDefault, now, null);
    }

    /// <summary>Makes a version the one in effect. Authorizes <c>iam:SetDefaultPolicyVersion</c>.</summary>
    /// <exception cref="AwsServiceException">InvalidInput (not a policy ARN), NoSuchEntity (the policy or the version).</exception>
    public async Task SetDefaultAsync(CallContext call, string policyArn, string versionId, CancellationToken ct)
    {
        var arn = PolicyArns.Parse(policyArn);
        await authorizer.For(call, "iam:SetDefaultPolicyVersion").RequireChangeAsync(arn, ct);
        await using var context = db.Create();
        var policy = await ManagedPolicyService.RequireOwnAsync(context, call.AccountId, arn, ct);
        if (!await context.PolicyVersions.AnyAsync(v => v.PolicyKey == policy.Key && v.VersionId == versionId, ct))
        {
            throw VersionNotFound(arn.Value, versionId);
        }

        policy.DefaultVersionId = versionId;
        await context.SaveChangesAsync(ct);
    }

    /// <summary>Deletes a version other than the default. Authorizes <c>iam:DeletePolicyVersion</c>.</summary>
    /// <exception cref="AwsServiceException">InvalidInput (not a policy ARN), NoSuchEntity (the policy or the version), DeleteConflict (the default).</exception>
    public async Task DeleteAsync(CallContext call, string policyArn, string versionId, CancellationToken ct)
    {
        var arn = PolicyArns.Parse(policyArn);
        await authorizer.For(call, "iam:DeletePolicyVersion").RequireChangeAsync(arn, ct);
        await using var context = db.Create();
        var policy = await ManagedPolicyService.RequireOwnAsync(context, call.AccountId, arn, ct);
        if (policy.DefaultVersionId == versionId)
        {
            throw IamErrors.DeleteConflict("Cannot delete the default version of a policy.");
        }

        if (await context.PolicyVersions.Where(v => v.PolicyKey == policy.Key && v.VersionId == versionId).ExecuteDeleteAsync(ct) == 0)
        {
            throw VersionNotFound(arn.Value, versionId);
        }
    }

    private async Task<IReadOnlyList<PolicyVersionInfo>> ListAllAsync(string accountId, PolicyArn arn, bool withDocuments, CancellationToken ct)
    {
        if (arn.IsAwsManaged)
        {
            var aws = AwsManagedPolicies.FindByArn(arn.Value) ?? throw PolicyArns.NotFound(arn.Value);
            return [new PolicyVersionInfo(aws.DefaultVersionId, true, aws.UpdateDate.UtcDateTime, withDocuments ? aws.DocumentText : null)];
        }

        await using var context = db.Create();
        var policy = await PolicyResolver.FindCustomerAsync(context, accountId, arn, ct) ?? throw PolicyArns.NotFound(arn.Value);
        var versions = await context.PolicyVersions.AsNoTracking().Where(v => v.PolicyKey == policy.Key).ToListAsync(ct);
        return versions
            .OrderByDescending(v => VersionNumber(v.VersionId))
            .Select(v => new PolicyVersionInfo(v.VersionId, v.VersionId == policy.DefaultVersionId, v.CreateDate, withDocuments ? v.Document : null))
            .ToList();
    }

    private static int VersionNumber(string versionId) => int.Parse(versionId.AsSpan(1), CultureInfo.InvariantCulture);

    /// <summary>A key that sorts ordinally in the list's order (newest first).</summary>
    private static string PageKey(string versionId) =>
        (int.MaxValue - VersionNumber(versionId)).ToString("D10", CultureInfo.InvariantCulture);

    private static AwsServiceException VersionNotFound(string arn, string versionId) =>
        IamErrors.NoSuchEntity($"Policy {arn} version {versionId} does not exist or is not attachable.");
}
