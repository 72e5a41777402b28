using Gitstead.Iam.Common;
using Gitstead.Iam.Groups;
using Gitstead.Iam.Users;
using Gitstead.Storage;

namespace Gitstead.Iam.Policies;

/// <summary>A user or group that policies attach to.</summary>
internal sealed record PolicyPrincipal(PrincipalKind Kind, long Key, string Name)
{
    /// <summary>The <c>PrincipalType</c> of its attachments and inline policies.</summary>
    public string Type => Kind.StorageType();

    /// <summary>
    /// The named user or group of the account, once <paramref name="permission"/> allows the
    /// caller on its ARN (a missing one is authorized on <c>user/NAME</c> or <c>group/NAME</c>
    /// first); NoSuchEntity when there is none.
    /// </summary>
    public static async Task<PolicyPrincipal> RequireAsync(
        GitsteadDbContext context, Permission permission, PrincipalKind kind, string name, CancellationToken ct)
    {
        if (kind == PrincipalKind.User)
        {
            var user = await UserLookup.RequireAuthorizedAsync(context, permission, name, ct);
            return new PolicyPrincipal(kind, user.Key, user.UserName);
        }

        var group = await GroupLookup.RequireAuthorizedAsync(context, permission, name, ct);
        return new PolicyPrincipal(kind, group.Key, group.GroupName);
    }
}
