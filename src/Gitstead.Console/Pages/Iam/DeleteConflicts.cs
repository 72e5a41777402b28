namespace Gitstead.Console.Pages.Iam;

/// <summary>
/// DeleteUser and DeleteGroup refuse while something still hangs on the user or group
/// (<c>Cannot delete entity, must delete login profile first.</c>): this says in plain words
/// what that is and where in the console to remove it.
/// </summary>
public static class DeleteConflicts
{
    /// <summary>The explanation of a DeleteConflict message for a user or group, or null for another message.</summary>
    public static string? Explain(string message, bool isGroup)
    {
        var what = message.StartsWith("Cannot delete entity, must ", StringComparison.Ordinal) ? message["Cannot delete entity, must ".Length..].TrimEnd('.') : null;
        return what switch
        {
            "delete login profile first" => "The user still has a console password. Remove it first: Security credentials tab, Console sign-in, Remove console password.",
            "delete access keys first" => "The user still has access keys. Delete them first: Security credentials tab, Access keys.",
            "delete SSH public keys first" => "The user still has SSH public keys. Delete them first: Security credentials tab, SSH public keys for AWS CodeCommit.",
            "delete service specific credentials first" => "The user still has HTTPS Git credentials. Delete them first: Security credentials tab, HTTPS Git credentials for AWS CodeCommit.",
            "delete policies first" => $"The {(isGroup ? "group" : "user")} still has inline policies. Delete them first: Permissions tab, Inline policies.",
            "detach all policies first" => $"The {(isGroup ? "group" : "user")} still has managed policies attached. Detach them first: Permissions tab, Attached policies.",
            "remove users from group first" => isGroup
                ? "The group still has members. Remove them first: Users tab."
                : "The user is still a member of groups. Remove it from them first: Groups tab.",
            _ => null,
        };
    }
}
