using System.Globalization;
using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Policy;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Policies;

/// <summary>
/// The managed policy listings: policies of the account (with the AWS ones), and a policy's
/// entities. A refusal is <see cref="AccessDeniedException"/>; other outcomes are
/// <see cref="AwsServiceException"/>s with IAM's error codes.
/// </summary>
public sealed class PolicyListService(IGitsteadDb db, IAuthorizer authorizer)
{
    private const string AwsKeyPrefix = "a/";
    private const string LocalKeyPrefix = "l/";

    /// <summary>
    /// Managed policies with their usage counts: AWS managed ones first (by name), then the
    /// account's own (by creation). Authorizes <c>iam:ListPolicies</c> on <c>policy</c> + the
    /// path prefix. The marker says which part to continue in, so each page is at most one
    /// query for rows.
    /// </summary>
    /// <exception cref="AwsServiceException">InvalidInput (a marker this list did not hand out).</exception>
    public async Task<Page<PolicyInfo>> ListPoliciesAsync(CallContext call, PolicyFilter filter, PageRequest page, CancellationToken ct)
    {
        var accountId = call.AccountId;
        await authorizer.RequireAsync(call, "iam:ListPolicies", Arns.Policy(accountId, filter.PathPrefix, ""), ct);
        var after = page.Token is null ? null : Paging.AfterKey(page.Token);
        await using var context = db.Create();
        var items = new List<(string Key, PolicyInfo Policy)>();
        if (filter.Scope != "Local" && (after is null || after.StartsWith(AwsKeyPrefix, StringComparison.Ordinal)))
        {
            items.AddRange(await AwsPoliciesAsync(context, accountId, filter, ct));
        }

        if (filter.Scope != "AWS")
        {
            items.AddRange(await LocalPoliciesAsync(context, accountId, filter, LocalAfter(after), page.MaxItems + 1, ct));
        }

        var listed = Paging.PageList(items, i => i.Key, page);
        var policies = await PolicyResolver.WithCountsAsync(context, accountId, listed.Items.Select(i => i.Policy).ToList(), ct);
        return new Page<PolicyInfo>(policies, listed.NextToken);
    }

    /// <summary>
    /// The users and groups (never roles: Gitstead has none) a policy is attached to, or that
    /// use it as a boundary; groups first, each by name. Authorizes <c>iam:ListEntitiesForPolicy</c>
    /// on the policy's ARN.
    /// </summary>
    /// <param name="call">Who asks.</param>
    /// <param name="policyArn">The managed policy.</param>
    /// <param name="entityFilter">Null, <c>User</c>, <c>Group</c>, <c>Role</c>, <c>LocalManagedPolicy</c> or <c>AWSManagedPolicy</c>.</param>
    /// <param name="pathPrefix">Only entities whose path starts with it; <c>/</c> for all.</param>
    /// <param name="usage">Null (either use), <c>PermissionsPolicy</c> or <c>PermissionsBoundary</c>.</param>
    /// <param name="page">The page asked for.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <exception cref="AwsServiceException">InvalidInput (not a policy ARN, a marker this list did not hand out), NoSuchEntity.</exception>
    public async Task<Page<PolicyEntityInfo>> ListEntitiesAsync(
        CallContext call, string policyArn, string? entityFilter, string pathPrefix, string? usage, PageRequest page, CancellationToken ct)
    {
        var accountId = call.AccountId;
        var arn = PolicyArns.Parse(policyArn);
        await authorizer.RequireAsync(call, "iam:ListEntitiesForPolicy", arn.Value, ct);
        await using var context = db.Create();
        _ = await PolicyResolver.FindAsync(context, accountId, arn, ct) ?? throw PolicyArns.NotFound(arn.Value);
        var entities = new List<PolicyEntityInfo>();
        if ((entityFilter is null or "Group") && (usage is null or "PermissionsPolicy"))
        {
            entities.AddRange(await context.PolicyAttachments
                .Where(a => a.AccountId == accountId && a.PolicyArn == arn.Value && a.PrincipalType == PrincipalTypes.Group)
                .Join(context.Groups, a => a.PrincipalKey, g => g.Key, (a, g) => g)
                .Where(g => g.Path.StartsWith(pathPrefix))
                .Select(g => new PolicyEntityInfo(PrincipalKind.Group, g.GroupName, g.GroupId))
                .ToListAsync(ct));
        }

        if (entityFilter is null or "User")
        {
            entities.AddRange(await UsersOfAsync(context, accountId, arn.Value, pathPrefix, usage, ct));
        }

        return Paging.PageList(entities.OrderBy(SortKey, StringComparer.Ordinal), SortKey, page);
    }

    /// <summary>Groups before users (<c>group/…</c> &lt; <c>user/…</c>), each by lower-cased name.</summary>
    private static string SortKey(PolicyEntityInfo entity) => entity.Kind.StorageType() + "/" + IamPatterns.NameKey(entity.Name);

    private static async Task<List<PolicyEntityInfo>> UsersOfAsync(
        GitsteadDbContext context, string accountId, string arn, string pathPrefix, string? usage, CancellationToken ct)
    {
        var attached = context.PolicyAttachments
            .Where(a => a.AccountId == accountId && a.PolicyArn == arn && a.PrincipalType == PrincipalTypes.User)
            .Select(a => a.PrincipalKey);
        var users = context.Users.AsNoTracking().Where(u => u.AccountId == accountId && u.Path.StartsWith(pathPrefix));
        users = usage switch
        {
            "PermissionsPolicy" => users.Where(u => attached.Contains(u.Key)),
            "PermissionsBoundary" => users.Where(u => u.PermissionsBoundaryArn == arn),
            _ => users.Where(u => attached.Contains(u.Key) || u.PermissionsBoundaryArn == arn),
        };
        return await users.Select(u => new PolicyEntityInfo(PrincipalKind.User, u.UserName, u.UserId)).ToListAsync(ct);
    }

    private static async Task<IEnumerable<(string Key, PolicyInfo Policy)>> AwsPoliciesAsync(
        GitsteadDbContext context, string accountId, PolicyFilter filter, CancellationToken ct)
    {
        var candidates = AwsManagedPolicies.All.Where(p => p.Path.StartsWith(filter.PathPrefix, StringComparison.Ordinal));
        if (filter.OnlyAttached)
        {
            var used = await UsedAwsPoliciesAsync(context, accountId, filter.Usage, ct);
            candidates = candidates.Where(p => used.Contains(p.Arn));
        }

        return candidates.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => (AwsKeyPrefix + p.Name, PolicyInfo.From(p)));
    }

    private static async Task<HashSet<string>> UsedAwsPoliciesAsync(GitsteadDbContext context, string accountId, string? usage, CancellationToken ct)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        if (usage is null or "PermissionsPolicy")
        {
            used.UnionWith(await context.PolicyAttachments
                .Where(a => a.AccountId == accountId && a.PolicyArn.StartsWith(PolicyArns.AwsPrefix))
                .Select(a => a.PolicyArn).Distinct().ToListAsync(ct));
        }

        if (usage is null or "PermissionsBoundary")
        {
            used.UnionWith(await context.Users
                .Where(u => u.AccountId == accountId && u.PermissionsBoundaryArn != null && u.PermissionsBoundaryArn.StartsWith(PolicyArns.AwsPrefix))
                .Select(u => u.PermissionsBoundaryArn!).Distinct().ToListAsync(ct));
        }

        return used;
    }

    private static async Task<IEnumerable<(string Key, PolicyInfo Policy)>> LocalPoliciesAsync(
        GitsteadDbContext context, string accountId, PolicyFilter filter, long afterKey, int take, CancellationToken ct)
    {
        var query = context.Policies.AsNoTracking()
            .Where(p => p.AccountId == accountId && p.Key > afterKey && p.Path.StartsWith(filter.PathPrefix));
        if (filter.OnlyAttached)
        {
            query = filter.Usage switch
            {
                "PermissionsPolicy" => query.Where(p => context.PolicyAttachments.Any(a => a.PolicyArn == p.Arn)),
                "PermissionsBoundary" => query.Where(p => context.Users.Any(u => u.PermissionsBoundaryArn == p.Arn)),
                _ => query.Where(p => context.PolicyAttachments.Any(a => a.PolicyArn == p.Arn) || context.Users.Any(u => u.PermissionsBoundaryArn == p.Arn)),
            };
        }

        var rows = await query.OrderBy(p => p.Key).Take(take).ToListAsync(ct);
        return rows.Select(p => (LocalKeyPrefix + p.Key.ToString("D19", CultureInfo.InvariantCulture), PolicyInfo.From(p)));
    }

    /// <summary>The row key a marker continues after in the account's own policies (0: from the start).</summary>
    private static long LocalAfter(string? after)
    {
        if (after is null || !after.StartsWith(LocalKeyPrefix, StringComparison.Ordinal))
        {
            return 0;
        }

        return long.TryParse(after.AsSpan(LocalKeyPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var key)
            ? key
            : throw IamErrors.InvalidInput("Invalid Marker.");
    }
}
