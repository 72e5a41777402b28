using Gitstead.Policy;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Policies;

/// <summary>
/// Loads the identity-based policies that apply to an IAM user, for the authorizer: the user's
/// inline policies and attached managed policies, and those of each group the user is in.
/// Three indexed queries, whatever the number of groups and policies.
/// </summary>
public sealed class PrincipalPolicyLoader
{
    /// <summary>
    /// Every identity-based policy document of the user. <c>PolicyId</c> names the source: the
    /// ARN of a managed policy (customer managed: its default version; AWS managed: the shipped
    /// document), <c>user/NAME/inline/POLICY</c> or <c>group/NAME/inline/POLICY</c> for inline
    /// policies. A managed policy attached more than once appears once. Empty when the user
    /// does not exist in the account.
    /// </summary>
    public async Task<IReadOnlyList<(string PolicyId, string Document)>> LoadForUserAsync(
        GitsteadDbContext db, string accountId, long userKey, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Key == userKey && u.AccountId == accountId)
            .Select(u => new
            {
                u.UserName,
                Groups = db.GroupMembers.Where(m => m.UserKey == u.Key)
                    .Join(db.Groups, m => m.GroupKey, g => g.Key, (m, g) => new { g.Key, g.GroupName })
                    .ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (user is null)
        {
            return [];
        }

        return await LoadAsync(db, accountId, (userKey, user.UserName), user.Groups.ToDictionary(g => g.Key, g => g.GroupName), ct);
    }

    /// <summary>Every identity-based policy document of a group: its inline and attached policies.</summary>
    public Task<IReadOnlyList<(string PolicyId, string Document)>> LoadForGroupAsync(
        GitsteadDbContext db, string accountId, long groupKey, string groupName, CancellationToken ct) =>
        LoadAsync(db, accountId, null, new Dictionary<long, string> { [groupKey] = groupName }, ct);

    /// <summary>The policies of an optional user and of the given groups, in two queries.</summary>
    private static async Task<IReadOnlyList<(string PolicyId, string Document)>> LoadAsync(
        GitsteadDbContext db, string accountId, (long Key, string Name)? user, Dictionary<long, string> groupNames, CancellationToken ct)
    {
        var groupKeys = groupNames.Keys.ToList();
        var includeUser = user is not null;
        var userKey = user?.Key ?? 0;
        var inline = await db.InlinePolicies.AsNoTracking()
            .Where(p => p.AccountId == accountId
                && ((includeUser && p.PrincipalType == PrincipalTypes.User && p.PrincipalKey == userKey)
                    || (p.PrincipalType == PrincipalTypes.Group && groupKeys.Contains(p.PrincipalKey))))
            .Select(p => new { p.PrincipalType, p.PrincipalKey, p.PolicyName, p.Document })
            .ToListAsync(ct);
        var managed = await ManagedDocumentsAsync(db, accountId, includeUser, userKey, groupKeys, ct);

        var result = new List<(string PolicyId, string Document)>(inline.Count + managed.Count);
        result.AddRange(inline
            .OrderBy(p => p.PrincipalType == PrincipalTypes.User ? 0 : 1)
            .ThenBy(p => p.PrincipalKey)
            .ThenBy(p => p.PolicyName, StringComparer.Ordinal)
            .Select(p => (InlineId(p.PrincipalType, p.PrincipalType == PrincipalTypes.User ? user!.Value.Name : groupNames[p.PrincipalKey], p.PolicyName), p.Document)));
        result.AddRange(managed);
        return result;
    }

    /// <summary>The documents of the managed policies attached to the user or the groups, one query for the rows.</summary>
    private static async Task<List<(string PolicyId, string Document)>> ManagedDocumentsAsync(
        GitsteadDbContext db, string accountId, bool includeUser, long userKey, List<long> groupKeys, CancellationToken ct)
    {
        var attached = await db.PolicyAttachments
            .Where(a => a.AccountId == accountId
                && ((includeUser && a.PrincipalType == PrincipalTypes.User && a.PrincipalKey == userKey)
                    || (a.PrincipalType == PrincipalTypes.Group && groupKeys.Contains(a.PrincipalKey))))
            .Select(a => a.PolicyArn)
            .Distinct()
            .Select(arn => new
            {
                Arn = arn,
                Document = db.Policies
                    .Where(p => p.AccountId == accountId && p.Arn == arn)
                    .Join(db.PolicyVersions, p => new { p.Key, p.DefaultVersionId }, v => new { Key = v.PolicyKey, DefaultVersionId = v.VersionId }, (p, v) => v.Document)
                    .FirstOrDefault(),
            })
            .ToListAsync(ct);

        var documents = new List<(string PolicyId, string Document)>(attached.Count);
        foreach (var policy in attached.OrderBy(a => a.Arn, StringComparer.Ordinal))
        {
            // AWS managed ARNs are not rows; a customer policy deleted meanwhile has no document.
            var document = policy.Document ?? AwsManagedPolicies.FindByArn(policy.Arn)?.DocumentText;
            if (document is not null)
            {
                documents.Add((policy.Arn, document));
            }
        }

        return documents;
    }

    private static string InlineId(string type, string name, string policyName) => $"{type}/{name}/inline/{policyName}";
}
