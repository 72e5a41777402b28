using Gitstead.Aws;
using Gitstead.Iam.Policies;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Common;

/// <summary>
/// What IAM users and groups have alike, written once: a name unique case-insensitively in the
/// account, a path, an ARN made of both, renames that need permission on the old and the new
/// ARN, and what still hangs on one and blocks its delete.
/// </summary>
internal static class PrincipalRules
{
    /// <summary>The <c>PrincipalType</c> of attachments and inline policies: <see cref="PrincipalTypes.User"/> or <see cref="PrincipalTypes.Group"/>.</summary>
    public static string StorageType(this PrincipalKind kind) => kind == PrincipalKind.User ? PrincipalTypes.User : PrincipalTypes.Group;

    public static string Arn(this PrincipalKind kind, string accountId, string path, string name) =>
        kind == PrincipalKind.User ? Arns.User(accountId, path, name) : Arns.Group(accountId, path, name);

    public static AwsServiceException AlreadyExists(this PrincipalKind kind, string name) =>
        IamErrors.EntityAlreadyExists($"{kind} with name {name} already exists.");

    /// <summary>True when a user (or group) of the account already has this lower-cased name.</summary>
    public static Task<bool> NameTakenAsync(GitsteadDbContext context, PrincipalKind kind, string accountId, string nameKey, CancellationToken ct) =>
        kind == PrincipalKind.User
            ? context.Users.AnyAsync(u => u.AccountId == accountId && u.NameKey == nameKey, ct)
            : context.Groups.AnyAsync(g => g.AccountId == accountId && g.NameKey == nameKey, ct);

    /// <summary>
    /// Renames and/or moves a user or group whose name, lower-cased name and path are
    /// <paramref name="current"/>; what is omitted stays, and nothing is written when nothing
    /// changes. AWS requires <paramref name="permission"/> on the new ARN too (the lookup
    /// authorized the current one). <paramref name="apply"/> sets the new name, lower-cased name
    /// and path on the tracked row. A name another user (group) has, or takes meanwhile, is
    /// EntityAlreadyExists.
    /// </summary>
    public static async Task RenameAsync(
        GitsteadDbContext context,
        Permission permission,
        PrincipalKind kind,
        (string Name, string NameKey, string Path) current,
        string? newName,
        string? newPath,
        Action<string, string, string> apply,
        CancellationToken ct)
    {
        var name = newName ?? current.Name;
        var path = newPath ?? current.Path;
        if (name == current.Name && path == current.Path)
        {
            return;
        }

        await permission.RequireAsync(kind.Arn(permission.AccountId, path, name), ct);
        var nameKey = IamPatterns.NameKey(name);
        if (nameKey != current.NameKey && await NameTakenAsync(context, kind, permission.AccountId, nameKey, ct))
        {
            throw kind.AlreadyExists(name);
        }

        apply(name, nameKey, path);
        await context.SaveUniqueAsync(() => kind.AlreadyExists(name), ct);
    }

    /// <summary>DeleteConflict naming the first thing that still hangs on the user or group, in AWS's order.</summary>
    public static async Task ThrowIfDeleteBlockedAsync(GitsteadDbContext context, PrincipalKind kind, long key, CancellationToken ct)
    {
        foreach (var (blocker, exists) in DeleteBlockers(context, kind, key, ct))
        {
            if (await exists())
            {
                throw IamErrors.DeleteConflict($"Cannot delete entity, must {blocker} first.");
            }
        }
    }

    /// <summary>
    /// What blocks a delete, in the order of AWS's documentation: of a user, its credentials,
    /// then policies, then groups (DeleteUser); of a group, its members, then policies (DeleteGroup).
    /// </summary>
    private static IEnumerable<(string Blocker, Func<Task<bool>> Exists)> DeleteBlockers(
        GitsteadDbContext context, PrincipalKind kind, long key, CancellationToken ct)
    {
        var type = kind.StorageType();
        Func<Task<bool>> inline = () => context.InlinePolicies.AnyAsync(p => p.PrincipalType == type && p.PrincipalKey == key, ct);
        Func<Task<bool>> attached = () => context.PolicyAttachments.AnyAsync(a => a.PrincipalType == type && a.PrincipalKey == key, ct);
        if (kind == PrincipalKind.Group)
        {
            return
            [
                ("remove users from group", () => context.GroupMembers.AnyAsync(m => m.GroupKey == key, ct)),
                ("detach all policies", attached),
                ("delete policies", inline),
            ];
        }

        return
        [
            ("delete login profile", () => context.LoginProfiles.AnyAsync(p => p.UserKey == key, ct)),
            ("delete access keys", () => context.AccessKeys.AnyAsync(k => k.UserKey == key, ct)),
            ("delete SSH public keys", () => context.SshPublicKeys.AnyAsync(k => k.UserKey == key, ct)),
            ("delete service specific credentials", () => context.ServiceCredentials.AnyAsync(c => c.UserKey == key, ct)),
            ("delete policies", inline),
            ("detach all policies", attached),
            ("remove users from group", () => context.GroupMembers.AnyAsync(m => m.UserKey == key, ct)),
        ];
    }
}
