using Gitstead.Aws;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Accounts;

/// <summary>One entry of the account summary: a usage count or a quota.</summary>
public sealed record AccountSummaryEntry(string Key, int Value);

/// <summary>
/// GetAccountSummary's map: the keys real AWS returns (as in its documented example), usage
/// counted from the database, and IAM's default quotas. Entities Gitstead does not have
/// (roles, MFA devices, certificates, providers) count zero.
/// </summary>
public sealed class AccountSummaryService(IGitsteadDb db, IAuthorizer authorizer)
{
    private static readonly (string Key, int Value)[] Quotas =
    [
        ("UsersQuota", 5000),
        ("GroupsQuota", 300),
        ("PoliciesQuota", 1500),
        ("RolesQuota", 1000),
        ("InstanceProfilesQuota", 1000),
        ("ServerCertificatesQuota", 20),
        ("AccessKeysPerUserQuota", 2),
        ("SigningCertificatesPerUserQuota", 2),
        ("GroupsPerUserQuota", 10),
        ("AttachedPoliciesPerUserQuota", 10),
        ("AttachedPoliciesPerGroupQuota", 10),
        ("AttachedPoliciesPerRoleQuota", 10),
        ("PolicySizeQuota", 6144),
        ("UserPolicySizeQuota", 2048),
        ("GroupPolicySizeQuota", 5120),
        ("RolePolicySizeQuota", 10240),
        ("AssumeRolePolicySizeQuota", 2048),
        ("VersionsPerPolicyQuota", 5),
        ("PolicyVersionsInUseQuota", 10000),
        ("GlobalEndpointTokenVersion", 1),
    ];

    private static readonly string[] AlwaysZero =
        ["Roles", "InstanceProfiles", "ServerCertificates", "Providers", "MFADevices", "MFADevicesInUse", "AccountMFAEnabled", "AccountSigningCertificatesPresent"];

    /// <summary>
    /// The usage of the caller's account and its quotas. Authorizes <c>iam:GetAccountSummary</c>
    /// on <c>*</c> (it has no resource type); a refusal is <see cref="AccessDeniedException"/>.
    /// </summary>
    public async Task<IReadOnlyList<AccountSummaryEntry>> GetAsync(CallContext call, CancellationToken ct)
    {
        await authorizer.RequireAsync(call, "iam:GetAccountSummary", "*", ct);
        var accountId = call.AccountId;
        await using var context = db.Create();
        var usage = new List<(string, int)>
        {
            ("Users", await context.Users.CountAsync(u => u.AccountId == accountId, ct)),
            ("Groups", await context.Groups.CountAsync(g => g.AccountId == accountId, ct)),
            ("Policies", await context.Policies.CountAsync(p => p.AccountId == accountId, ct)),
            ("PolicyVersionsInUse", await context.PolicyAttachments.CountAsync(a => a.AccountId == accountId, ct)),
            ("AccountAccessKeysPresent", await context.AccessKeys.AnyAsync(k => k.AccountId == accountId && k.UserKey == null, ct) ? 1 : 0),
        };
        return [.. usage.Concat(AlwaysZero.Select(k => (k, 0))).Concat(Quotas).Select(e => new AccountSummaryEntry(e.Item1, e.Item2))];
    }
}
