using Gitstead.Policy;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Policies;

/// <summary>Finds the managed policy an ARN names: a customer managed row of the caller's account, or a shipped AWS one.</summary>
internal static class PolicyResolver
{
    /// <summary>The customer managed policy row (tracked) with this ARN in the account, or null.</summary>
    public static Task<ManagedPolicy?> FindCustomerAsync(GitsteadDbContext context, string accountId, PolicyArn arn, CancellationToken ct) =>
        arn.Owner == accountId
            ? context.Policies.FirstOrDefaultAsync(p => p.AccountId == accountId && p.Arn == arn.Value, ct)
            : Task.FromResult<ManagedPolicy?>(null);

    /// <summary>The policy an ARN names, or null when there is none the caller's account can see.</summary>
    public static async Task<PolicyInfo?> FindAsync(GitsteadDbContext context, string accountId, PolicyArn arn, CancellationToken ct)
    {
        if (arn.IsAwsManaged)
        {
            return AwsManagedPolicies.FindByArn(arn.Value) is { } aws ? PolicyInfo.From(aws) : null;
        }

        return await FindCustomerAsync(context, accountId, arn, ct) is { } row ? PolicyInfo.From(row) : null;
    }

    /// <summary>Like <see cref="FindAsync"/>, with the policy's usage counts in the account.</summary>
    public static async Task<PolicyInfo?> FindWithCountsAsync(GitsteadDbContext context, string accountId, PolicyArn arn, CancellationToken ct)
    {
        if (await FindAsync(context, accountId, arn, ct) is not { } view)
        {
            return null;
        }

        var attachments = await context.PolicyAttachments.CountAsync(a => a.AccountId == accountId && a.PolicyArn == arn.Value, ct);
        var boundaries = await context.Users.CountAsync(u => u.AccountId == accountId && u.PermissionsBoundaryArn == arn.Value, ct);
        return view with { AttachmentCount = attachments, PermissionsBoundaryUsageCount = boundaries };
    }

    /// <summary>The policy's usage counts for a page of policies, in two grouped queries.</summary>
    public static async Task<IReadOnlyList<PolicyInfo>> WithCountsAsync(
        GitsteadDbContext context, string accountId, IReadOnlyList<PolicyInfo> views, CancellationToken ct)
    {
        var arns = views.Select(v => v.Arn).ToList();
        var attachments = await context.PolicyAttachments
            .Where(a => a.AccountId == accountId && arns.Contains(a.PolicyArn))
            .GroupBy(a => a.PolicyArn)
            .Select(g => new { Arn = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Arn, g => g.Count, ct);
        var boundaries = await context.Users
            .Where(u => u.AccountId == accountId && u.PermissionsBoundaryArn != null && arns.Contains(u.PermissionsBoundaryArn))
            .GroupBy(u => u.PermissionsBoundaryArn!)
            .Select(g => new { Arn = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Arn, g => g.Count, ct);
        return views.Select(v => v with
        {
            AttachmentCount = attachments.GetValueOrDefault(v.Arn),
            PermissionsBoundaryUsageCount = boundaries.GetValueOrDefault(v.Arn),
        }).ToList();
    }
}
