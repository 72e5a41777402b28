using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Policy;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Policies;

/// <summary>
/// Inline policies of users and groups. The quota is on the aggregate size of all inline
/// policies of one principal, counted without whitespace. Each method authorizes the user or
/// group action named on it (e.g. <c>iam:PutUserPolicy</c> or <c>iam:PutGroupPolicy</c>) on the
/// principal's ARN; a user or group that does not exist is authorized as <c>user/NAME</c> or
/// <c>group/NAME</c> before NoSuchEntity. A refusal is <see cref="AccessDeniedException"/>;
/// other outcomes are <see cref="AwsServiceException"/>s with IAM's error codes.
/// </summary>
public sealed class InlinePolicyService(IGitsteadDb db, IAuthorizer authorizer)
{
    /// <summary>Creates or replaces the named inline policy. Authorizes <c>iam:Put{User|Group}Policy</c>.</summary>
    /// <exception cref="AwsServiceException">NoSuchEntity, MalformedPolicyDocument, LimitExceeded (the principal's aggregate size).</exception>
    public async Task PutAsync(CallContext call, PrincipalKind kind, string principalName, string policyName, string document, CancellationToken ct)
    {
        await using var context = db.Create();
        var principal = await PolicyPrincipal.RequireAsync(context, authorizer.For(call, $"iam:Put{kind}Policy"), kind, principalName, ct);
        PolicyDocuments.CheckInline(document);
        var policies = await Policies(context, principal).ToListAsync(ct);
        var others = policies.Where(p => p.PolicyName != policyName).Sum(p => PolicyLimits.CountNonWhitespace(p.Document));
        var quota = kind == PrincipalKind.User ? PolicyLimits.UserInlinePoliciesMaxChars : PolicyLimits.GroupInlinePoliciesMaxChars;
        if (others + PolicyLimits.CountNonWhitespace(document) > quota)
        {
            throw IamErrors.LimitExceeded($"Maximum policy size of {quota} bytes exceeded for {principal.Type} {principal.Name}");
        }

        if (policies.FirstOrDefault(p => p.PolicyName == policyName) is { } existing)
        {
            existing.Document = document;
        }
        else
        {
            context.InlinePolicies.Add(new InlinePolicy
            {
                AccountId = call.AccountId,
                PrincipalType = principal.Type,
                PrincipalKey = principal.Key,
                PolicyName = policyName,
                Document = document,
            });
        }

        if (!await context.TrySaveUniqueAsync(ct))
        {
            // A concurrent put of the same name created it first: overwrite, as a later put does.
            await Policies(context, principal).Where(p => p.PolicyName == policyName)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Document, document), ct);
        }
    }

    /// <summary>The named inline policy with its document. Authorizes <c>iam:Get{User|Group}Policy</c>.</summary>
    /// <exception cref="AwsServiceException">NoSuchEntity (the principal or the policy).</exception>
    public async Task<InlinePolicyInfo> GetAsync(CallContext call, PrincipalKind kind, string principalName, string policyName, CancellationToken ct)
    {
        await using var context = db.Create();
        var principal = await PolicyPrincipal.RequireAsync(context, authorizer.For(call, $"iam:Get{kind}Policy"), kind, principalName, ct);
        var policy = await Policies(context, principal).AsNoTracking().FirstOrDefaultAsync(p => p.PolicyName == policyName, ct)
            ?? throw NotFound(principal, policyName);
        return new InlinePolicyInfo(principal.Name, policy.PolicyName, policy.Document);
    }

    /// <summary>Deletes the named inline policy. Authorizes <c>iam:Delete{User|Group}Policy</c>.</summary>
    /// <exception cref="AwsServiceException">NoSuchEntity (the principal or the policy).</exception>
    public async Task DeleteAsync(CallContext call, PrincipalKind kind, string principalName, string policyName, CancellationToken ct)
    {
        await using var context = db.Create();
        var principal = await PolicyPrincipal.RequireAsync(context, authorizer.For(call, $"iam:Delete{kind}Policy"), kind, principalName, ct);
        if (await Policies(context, principal).Where(p => p.PolicyName == policyName).ExecuteDeleteAsync(ct) == 0)
        {
            throw NotFound(principal, policyName);
        }
    }

    /// <summary>The names of a principal's inline policies, in order. Authorizes <c>iam:List{User|Group}Policies</c>.</summary>
    /// <exception cref="AwsServiceException">NoSuchEntity, InvalidInput (a marker this list did not hand out).</exception>
    public async Task<Page<string>> ListAsync(CallContext call, PrincipalKind kind, string principalName, PageRequest page, CancellationToken ct)
    {
        await using var context = db.Create();
        var principal = await PolicyPrincipal.RequireAsync(context, authorizer.For(call, $"iam:List{kind}Policies"), kind, principalName, ct);
        var names = Policies(context, principal).Select(p => p.PolicyName).OrderBy(n => n);
        return await Paging.PageAsync(names, n => n, (q, after) => q.Where(n => string.Compare(n, after) > 0), page, ct);
    }

    private static IQueryable<InlinePolicy> Policies(GitsteadDbContext context, PolicyPrincipal principal) =>
        context.InlinePolicies.Where(p => p.PrincipalType == principal.Type && p.PrincipalKey == principal.Key);

    private static AwsServiceException NotFound(PolicyPrincipal principal, string policyName) =>
        IamErrors.NoSuchEntity($"The {principal.Type} policy with name {policyName} cannot be found.");
}
