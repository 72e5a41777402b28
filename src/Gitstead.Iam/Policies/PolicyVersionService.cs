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
/// default. A shipped AWS managed policy has just its default version.
/// </summary>
internal sealed class PolicyVersionService(IGitsteadDb db, TimeProvider time)
{
    public const int VersionsQuota = 5;

    public async Task<PolicyVersionView> GetAsync(string accountId, string policyArn, string versionId, Permission permission, CancellationToken ct)
    {
        var arn = PolicyArns.Parse(policyArn);
        await permission.RequireAsync(arn.Value, ct);
        return (await ListAllAsync(accountId, arn, withDocuments: true, ct)).FirstOrDefault(v => v.VersionId == versionId)
            ?? throw VersionNotFound(arn.Value, versionId);
    }

    /// <summary>The versions, newest first (as AWS lists them).</summary>
    public async Task<Page<PolicyVersionView>> ListAsync(string accountId, string policyArn, QueryArgs paging, Permission permission, CancellationToken ct)
    {
        var arn = PolicyArns.Parse(policyArn);
        await permission.RequireAsync(arn.Value, ct);
        var versions = await ListAllAsync(accountId, arn, withDocuments: false, ct);
        return Paging.PageList(versions, v => PageKey(v.VersionId), paging);
    }

    public async Task<PolicyVersionView> CreateAsync(
        string accountId, string policyArn, string document, bool setAsDefault, Permission permission, CancellationToken ct)
    {
        var arn = PolicyArns.Parse(policyArn);
        await permission.RequireChangeAsync(arn, ct);
        await using var context = db.Create();
        var policy = await ManagedPolicyService.RequireOwnAsync(context, accountId, arn, ct);
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
        return new PolicyVersionView(version.VersionId, setAsDefault, now, null);
    }

    public async Task SetDefaultAsync(string accountId, string policyArn, string versionId, Permission permission, CancellationToken ct)
    {
        var arn = PolicyArns.Parse(policyArn);
        await permission.RequireChangeAsync(arn, ct);
        await using var context = db.Create();
        var policy = await ManagedPolicyService.RequireOwnAsync(context, accountId, arn, ct);
        if (!await context.PolicyVersions.AnyAsync(v => v.PolicyKey == policy.Key && v.VersionId == versionId, ct))
        {
            throw VersionNotFound(arn.Value, versionId);
        }

        policy.DefaultVersionId = versionId;
        await context.SaveChangesAsync(ct);
    }

    public async Task DeleteAsync(string accountId, string policyArn, string versionId, Permission permission, CancellationToken ct)
    {
        var arn = PolicyArns.Parse(policyArn);
        await permission.RequireChangeAsync(arn, ct);
        await using var context = db.Create();
        var policy = await ManagedPolicyService.RequireOwnAsync(context, accountId, arn, ct);
        if (policy.DefaultVersionId == versionId)
        {
            throw IamErrors.DeleteConflict("Cannot delete the default version of a policy.");
        }

        if (await context.PolicyVersions.Where(v => v.PolicyKey == policy.Key && v.VersionId == versionId).ExecuteDeleteAsync(ct) == 0)
        {
            throw VersionNotFound(arn.Value, versionId);
        }
    }

    private async Task<IReadOnlyList<PolicyVersionView>> ListAllAsync(string accountId, PolicyArn arn, bool withDocuments, CancellationToken ct)
    {
        if (arn.IsAwsManaged)
        {
            var aws = AwsManagedPolicies.FindByArn(arn.Value) ?? throw PolicyArns.NotFound(arn.Value);
            return [new PolicyVersionView(aws.DefaultVersionId, true, aws.UpdateDate.UtcDateTime, withDocuments ? aws.DocumentText : null)];
        }

        await using var context = db.Create();
        var policy = await PolicyResolver.FindCustomerAsync(context, accountId, arn, ct) ?? throw PolicyArns.NotFound(arn.Value);
        var versions = await context.PolicyVersions.AsNoTracking().Where(v => v.PolicyKey == policy.Key).ToListAsync(ct);
        return versions
            .OrderByDescending(v => VersionNumber(v.VersionId))
            .Select(v => new PolicyVersionView(v.VersionId, v.VersionId == policy.DefaultVersionId, v.CreateDate, withDocuments ? v.Document : null))
            .ToList();
    }

    private static int VersionNumber(string versionId) => int.Parse(versionId.AsSpan(1), CultureInfo.InvariantCulture);

    /// <summary>A key that sorts ordinally in the list's order (newest first).</summary>
    private static string PageKey(string versionId) =>
        (int.MaxValue - VersionNumber(versionId)).ToString("D10", CultureInfo.InvariantCulture);

    private static AwsServiceException VersionNotFound(string arn, string versionId) =>
        IamErrors.NoSuchEntity($"Policy {arn} version {versionId} does not exist or is not attachable.");
}
