using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Policies;

/// <summary>A managed policy attached to a user or group, as ListAttached*Policies shows it.</summary>
internal sealed record AttachedPolicy(string PolicyName, string PolicyArn);

/// <summary>Managed policies (customer or AWS) attached to users and groups.</summary>
internal sealed class AttachmentService(IGitsteadDb db)
{
    /// <summary>Managed policies per user or group (AWS's default quota).</summary>
    public const int AttachedPoliciesQuota = 10;

    /// <summary>Attaches a policy; attaching one that is already attached changes nothing, as in AWS.</summary>
    public async Task AttachAsync(string accountId, string type, string name, string policyArn, Permission permission, CancellationToken ct)
    {
        var arn = PolicyArns.Parse(policyArn);
        await using var context = db.Create();
        var principal = await PolicyPrincipal.RequireAsync(context, accountId, type, name, permission, ct);
        if (await PolicyResolver.FindAsync(context, accountId, arn, ct) is null)
        {
            throw PolicyArns.NotAttachable(arn.Value);
        }

        var attached = await Attachments(context, principal).Select(a => a.PolicyArn).ToListAsync(ct);
        if (attached.Contains(arn.Value))
        {
            return;
        }

        if (attached.Count >= AttachedPoliciesQuota)
        {
            var quota = type == PrincipalTypes.User ? "PoliciesPerUser" : "PoliciesPerGroup";
            throw IamErrors.LimitExceeded($"Cannot exceed quota for {quota}: {AttachedPoliciesQuota}");
        }

        context.PolicyAttachments.Add(new PolicyAttachment { AccountId = accountId, PrincipalType = type, PrincipalKey = principal.Key, PolicyArn = arn.Value });

        // False when a concurrent attach of the same policy won the race: it is attached.
        await context.TrySaveUniqueAsync(ct);
    }

    public async Task DetachAsync(string accountId, string type, string name, string policyArn, Permission permission, CancellationToken ct)
    {
        var arn = PolicyArns.Parse(policyArn);
        await using var context = db.Create();
        var principal = await PolicyPrincipal.RequireAsync(context, accountId, type, name, permission, ct);
        if (await Attachments(context, principal).Where(a => a.PolicyArn == arn.Value).ExecuteDeleteAsync(ct) == 0)
        {
            throw PolicyArns.NotFound(arn.Value);
        }
    }

    /// <summary>The policies attached to a user or group whose path starts with <paramref name="pathPrefix"/>, by ARN.</summary>
    public async Task<Page<AttachedPolicy>> ListAsync(
        string accountId, string type, string name, string pathPrefix, QueryArgs paging, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var principal = await PolicyPrincipal.RequireAsync(context, accountId, type, name, permission, ct);
        var arns = await Attachments(context, principal).Select(a => a.PolicyArn).ToListAsync(ct);
        var attached = arns.Select(PolicyArns.Parse)
            .Where(a => a.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
            .OrderBy(a => a.Value, StringComparer.Ordinal)
            .Select(a => new AttachedPolicy(a.Name, a.Value));
        return Paging.PageList(attached, a => a.PolicyArn, paging);
    }

    private static IQueryable<PolicyAttachment> Attachments(GitsteadDbContext context, PolicyPrincipal principal) =>
        context.PolicyAttachments.Where(a => a.PrincipalType == principal.Type && a.PrincipalKey == principal.Key);
}
