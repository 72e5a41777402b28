using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Policy;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Policies;

/// <summary>
/// Inline policies of users and groups. The quota is on the aggregate size of all inline
/// policies of one principal, counted without whitespace.
/// </summary>
internal sealed class InlinePolicyService(IGitsteadDb db)
{
    /// <summary>Creates or replaces the named inline policy.</summary>
    public async Task PutAsync(
        string accountId, string type, string principalName, string policyName, string document, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var principal = await PolicyPrincipal.RequireAsync(context, accountId, type, principalName, permission, ct);
        PolicyDocuments.CheckInline(document);
        var policies = await Policies(context, principal).ToListAsync(ct);
        var others = policies.Where(p => p.PolicyName != policyName).Sum(p => PolicyLimits.CountNonWhitespace(p.Document));
        var quota = type == PrincipalTypes.User ? PolicyLimits.UserInlinePoliciesMaxChars : PolicyLimits.GroupInlinePoliciesMaxChars;
        if (others + PolicyLimits.CountNonWhitespace(document) > quota)
        {
            throw IamErrors.LimitExceeded($"Maximum policy size of {quota} bytes exceeded for {type} {principal.Name}");
        }

        if (policies.FirstOrDefault(p => p.PolicyName == policyName) is { } existing)
        {
            existing.Document = document;
        }
        else
        {
            context.InlinePolicies.Add(new InlinePolicy
            {
                AccountId = accountId,
                PrincipalType = type,
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

    public async Task<(PolicyPrincipal Principal, InlinePolicy Policy)> GetAsync(
        string accountId, string type, string principalName, string policyName, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var principal = await PolicyPrincipal.RequireAsync(context, accountId, type, principalName, permission, ct);
        var policy = await Policies(context, principal).AsNoTracking().FirstOrDefaultAsync(p => p.PolicyName == policyName, ct)
            ?? throw NotFound(type, policyName);
        return (principal, policy);
    }

    public async Task DeleteAsync(string accountId, string type, string principalName, string policyName, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var principal = await PolicyPrincipal.RequireAsync(context, accountId, type, principalName, permission, ct);
        if (await Policies(context, principal).Where(p => p.PolicyName == policyName).ExecuteDeleteAsync(ct) == 0)
        {
            throw NotFound(type, policyName);
        }
    }

    /// <summary>The names of a principal's inline policies, in order.</summary>
    public async Task<Page<string>> ListAsync(string accountId, string type, string principalName, QueryArgs paging, Permission permission, CancellationToken ct)
    {
        await using var context = db.Create();
        var principal = await PolicyPrincipal.RequireAsync(context, accountId, type, principalName, permission, ct);
        var names = Policies(context, principal).Select(p => p.PolicyName).OrderBy(n => n);
        return await Paging.PageAsync(names, n => n, (q, after) => q.Where(n => string.Compare(n, after) > 0), paging, ct);
    }

    private static IQueryable<InlinePolicy> Policies(GitsteadDbContext context, PolicyPrincipal principal) =>
        context.InlinePolicies.Where(p => p.PrincipalType == principal.Type && p.PrincipalKey == principal.Key);

    private static AwsServiceException NotFound(string type, string policyName) =>
        IamErrors.NoSuchEntity($"The {type} policy with name {policyName} cannot be found.");
}
