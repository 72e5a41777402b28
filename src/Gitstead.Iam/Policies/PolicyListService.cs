using System.Globalization;
using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Policy;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Policies;

/// <summary>
/// ListPolicies' filters. <c>Scope</c>: <c>All</c>, <c>AWS</c> or <c>Local</c>. <c>Usage</c>:
/// null, <c>PermissionsPolicy</c> or <c>PermissionsBoundary</c>, what "attached" means with <c>OnlyAttached</c>.
/// </summary>
internal sealed record PolicyFilter(string Scope, bool OnlyAttached, string PathPrefix, string? Usage);

/// <summary>A user or group a managed policy is attached to.</summary>
internal sealed record PolicyEntity(string Type, string Name, string Id, string NameKey);

/// <summary>The managed policy listings: policies of the account (with the AWS ones), and a policy's entities.</summary>
internal sealed class PolicyListService(IGitsteadDb db)
{
    private const string AwsKeyPrefix = "a/";
    private const string LocalKeyPrefix = "l/";

    /// <summary>
    /// AWS managed policies first (by name), then the account's own (by creation). The marker
    /// says which part to continue in, so each page is at most one query for rows.
    /// </summary>
    public async Task<Page<PolicyView>> ListPoliciesAsync(string accountId, PolicyFilter filter, QueryArgs paging, CancellationToken ct)
    {
        var (after, max) = Paging.Read(paging);
        await using var context = db.Create();
        var items = new List<(string Key, PolicyView View)>();
        if (filter.Scope != "Local" && (after is null || after.StartsWith(AwsKeyPrefix, StringComparison.Ordinal)))
        {
            items.AddRange(await AwsPoliciesAsync(context, accountId, filter, ct));
        }

        if (filter.Scope != "AWS")
        {
            items.AddRange(await LocalPoliciesAsync(context, accountId, filter, LocalAfter(after), max + 1, ct));
        }

        var page = Paging.PageList(items, i => i.Key, paging);
        var views = await PolicyResolver.WithCountsAsync(context, accountId, page.Items.Select(i => i.View).ToList(), ct);
        return new Page<PolicyView>(views, page.NextToken);
    }

    /// <summary>The users and groups (never roles: Gitstead has none) a policy is attached to, or uses it as a boundary.</summary>
    public async Task<Page<PolicyEntity>> ListEntitiesAsync(
        string accountId, string policyArn, string? entityFilter, string pathPrefix, string? usage, QueryArgs paging, Permission permission, CancellationToken ct)
    {
        var arn = PolicyArns.Parse(policyArn);
        await permission.RequireAsync(arn.Value, ct);
        await using var context = db.Create();
        _ = await PolicyResolver.FindAsync(context, accountId, arn, ct) ?? throw PolicyArns.NotFound(arn.Value);
        var entities = new List<PolicyEntity>();
        if ((entityFilter is null or "Group") && (usage is null or "PermissionsPolicy"))
        {
            entities.AddRange(await context.PolicyAttachments
                .Where(a => a.AccountId == accountId && a.PolicyArn == arn.Value && a.PrincipalType == PrincipalTypes.Group)
                .Join(context.Groups, a => a.PrincipalKey, g => g.Key, (a, g) => g)
                .Where(g => g.Path.StartsWith(pathPrefix))
                .Select(g => new PolicyEntity(PrincipalTypes.Group, g.GroupName, g.GroupId, g.NameKey))
                .ToListAsync(ct));
        }

        if (entityFilter is null or "User")
        {
            entities.AddRange(await UsersOfAsync(context, accountId, arn.Value, pathPrefix, usage, ct));
        }

        return Paging.PageList(entities.OrderBy(e => e.Type + "/" + e.NameKey, StringComparer.Ordinal), e => e.Type + "/" + e.NameKey, paging);
    }

    private static async Task<List<PolicyEntity>> UsersOfAsync(
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
        return await users.Select(u => new PolicyEntity(PrincipalTypes.User, u.UserName, u.UserId, u.NameKey)).ToListAsync(ct);
    }

    private static async Task<IEnumerable<(string Key, PolicyView View)>> AwsPoliciesAsync(
        GitsteadDbContext context, string accountId, PolicyFilter filter, CancellationToken ct)
    {
        var candidates = AwsManagedPolicies.All.Where(p => p.Path.StartsWith(filter.PathPrefix, StringComparison.Ordinal));
        if (filter.OnlyAttached)
        {
            var used = await UsedAwsPoliciesAsync(context, accountId, filter.Usage, ct);
            candidates = candidates.Where(p => used.Contains(p.Arn));
        }

        return candidates.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => (AwsKeyPrefix + p.Name, PolicyView.Of(p)));
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

    private static async Task<IEnumerable<(string Key, PolicyView View)>> LocalPoliciesAsync(
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
        return rows.Select(p => (LocalKeyPrefix + p.Key.ToString("D19", CultureInfo.InvariantCulture), PolicyView.Of(p)));
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
