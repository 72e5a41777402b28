using Gitstead.Iam.Common;
using Gitstead.Iam.Groups;
using Gitstead.Iam.Users;
using Gitstead.Storage;

namespace Gitstead.Iam.Policies;

/// <summary>A user or group that policies attach to (<c>Type</c>: <see cref="PrincipalTypes.User"/> or <see cref="PrincipalTypes.Group"/>).</summary>
internal sealed record PolicyPrincipal(string Type, long Key, string Name)
{
    /// <summary>
    /// The named user or group of the account, after <paramref name="permission"/> has authorized
    /// the caller on its ARN; NoSuchEntity when there is none.
    /// </summary>
    public static async Task<PolicyPrincipal> RequireAsync(
        GitsteadDbContext context, string accountId, string type, string name, Permission permission, CancellationToken ct)
    {
        if (type == PrincipalTypes.User)
        {
            var user = await UserLookup.RequireAuthorizedAsync(context, permission, name, ct);
            return new PolicyPrincipal(type, user.Key, user.UserName);
        }

        var group = await GroupLookup.RequireAuthorizedAsync(context, permission, name, ct);
        return new PolicyPrincipal(type, group.Key, group.GroupName);
    }
}
