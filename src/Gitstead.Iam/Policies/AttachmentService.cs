using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Policies;

/// <summary>
/// Managed policies (customer or AWS) attached to users and groups. Each method authorizes the
/// user or group action named on it (e.g. <c>iam:AttachUserPolicy</c> or
/// <c>iam:AttachGroupPolicy</c>) on the principal's ARN; a user or group that does not exist is
/// authorized as <c>user/NAME</c> or <c>group/NAME</c> before NoSuchEntity. A refusal is
/// <see cref="AccessDeniedException"/>; other outcomes are <see cref="AwsServiceException"/>s
/// with IAM's error codes.
/// </summary>
public sealed class AttachmentService(IGitsteadDb db, IAuthorizer authorizer)
{
    /// <summary>Managed policies per user or group (AWS's default quota).</summary>
    public const int AttachedPoliciesQuota = 10;

    /// <summary>
    /// Attaches a policy; attaching one that is already attached changes nothing, as in AWS.
    /// Authorizes <c>iam:Attach{User|Group}Policy</c> with <c>iam:PolicyARN</c>.
    /// </summary>
    /// <exception cref="AwsServiceException">
    /// InvalidInput (not a policy ARN), NoSuchEntity (the principal, or a policy it cannot
    /// attach), LimitExceeded (ten per principal).
    /// </exception>
    public async Task AttachAsync(CallContext call, PrincipalKind kind, string principalName, string policyArn, CancellationToken ct)
    {
        var accountId = call.AccountId;
        var arn = PolicyArns.Parse(policyArn);
        await using var context = db.Create();
        var permission = authorizer.For(call, $"iam:Attach{kind}Policy", PolicyArnCondition(arn));
        var principal = await PolicyPrincipal.RequireAsync(context, permission, kind, principalName, ct);
        if (await PolicyResolver.FindAsync(context, accountId, arn, ct) is null)
        {
            throw PolicyArns.NotAttachable(arn.Value);
        }

        // The count and the insert hold the principal's attachment lock, so the quota is exact under concurrency.
        await using var transaction = await context.BeginLimitLockAsync($"iam-attachments:{principal.Type}:{principal.Key}", ct);
        var attached = await Attachments(context, principal).Select(a => a.PolicyArn).ToListAsync(ct);
        if (attached.Contains(arn.Value))
        {
            return;
        }

        if (attached.Count >= AttachedPoliciesQuota)
        {
            throw IamErrors.LimitExceeded($"Cannot exceed quota for PoliciesPer{kind}: {AttachedPoliciesQuota}");
        }

        context.PolicyAttachments.Add(new PolicyAttachment { AccountId = accountId, PrincipalType = principal.Type, PrincipalKey = principal.Key, PolicyArn = arn.Value });

        // False when a concurrent attach of the same policy won the race: it is attached.
        if (await context.TrySaveUniqueAsync(ct))
        {
            await transaction.CommitAsync(ct);
        }
    }

    /// <summary>Detaches a policy. Authorizes <c>iam:Detach{User|Group}Policy</c> with <c>iam:PolicyARN</c>.</summary>
    /// <exception cref="AwsServiceException">InvalidInput (not a policy ARN), NoSuchEntity (the principal, or a policy not attached).</exception>
    public async Task DetachAsync(CallContext call, PrincipalKind kind, string principalName, string policyArn, CancellationToken ct)
    {
        var arn = PolicyArns.Parse(policyArn);
        await using var context = db.Create();
        var permission = authorizer.For(call, $"iam:Detach{kind}Policy", PolicyArnCondition(arn));
        var principal = await PolicyPrincipal.RequireAsync(context, permission, kind, principalName, ct);
        if (await Attachments(context, principal).Where(a => a.PolicyArn == arn.Value).ExecuteDeleteAsync(ct) == 0)
        {
            throw PolicyArns.NotFound(arn.Value);
        }
    }

    /// <summary>
    /// The policies attached to a user or group whose path starts with <paramref name="pathPrefix"/>,
    /// by ARN. Authorizes <c>iam:ListAttached{User|Group}Policies</c>.
    /// </summary>
    /// <exception cref="AwsServiceException">NoSuchEntity, InvalidInput (a marker this list did not hand out).</exception>
    public async Task<Page<AttachedPolicyInfo>> ListAsync(
        CallContext call, PrincipalKind kind, string principalName, string pathPrefix, PageRequest page, CancellationToken ct)
    {
        await using var context = db.Create();
        var permission = authorizer.For(call, $"iam:ListAttached{kind}Policies");
        var principal = await PolicyPrincipal.RequireAsync(context, permission, kind, principalName, ct);
        var arns = await Attachments(context, principal).Select(a => a.PolicyArn).ToListAsync(ct);
        var attached = arns.Select(PolicyArns.Parse)
            .Where(a => a.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
            .OrderBy(a => a.Value, StringComparer.Ordinal)
            .Select(a => new AttachedPolicyInfo(a.Name, a.Value));
        return Paging.PageList(attached, a => a.PolicyArn, page);
    }

    /// <summary>The condition key of attach and detach: the policy's ARN.</summary>
    private static Dictionary<string, IReadOnlyList<string>> PolicyArnCondition(PolicyArn arn) => new() { ["iam:PolicyARN"] = [arn.Value] };

    private static IQueryable<PolicyAttachment> Attachments(GitsteadDbContext context, PolicyPrincipal principal) =>
        context.PolicyAttachments.Where(a => a.PrincipalType == principal.Type && a.PrincipalKey == principal.Key);
}
