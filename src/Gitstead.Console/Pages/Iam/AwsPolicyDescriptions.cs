namespace Gitstead.Console.Pages.Iam;

/// <summary>
/// What each AWS managed policy Gitstead ships is for, in a line: the shipped documents carry no
/// description, and a person choosing policies in a picker needs one.
/// </summary>
public static class AwsPolicyDescriptions
{
    private static readonly Dictionary<string, string> ByName = new(StringComparer.Ordinal)
    {
        ["AdministratorAccess"] = "Full access to every service and resource.",
        ["AWSCodeCommitFullAccess"] = "Full access to CodeCommit, including deleting repositories.",
        ["AWSCodeCommitPowerUser"] = "Use and manage CodeCommit repositories (clone, push, branches, pull requests); cannot delete repositories.",
        ["AWSCodeCommitReadOnly"] = "Read-only access to CodeCommit: browse and clone repositories.",
        ["IAMFullAccess"] = "Full access to IAM.",
        ["IAMReadOnlyAccess"] = "Read-only access to IAM: list and view users, groups and policies.",
        ["IAMSelfManageServiceSpecificCredentials"] = "Lets users manage their own HTTPS Git credentials (service-specific credentials).",
        ["IAMUserChangePassword"] = "Lets users change their own console password.",
        ["IAMUserSSHKeys"] = "Lets users manage their own SSH public keys for CodeCommit.",
    };

    /// <summary>The policy's own description, else the line for an AWS managed policy, else empty.</summary>
    public static string For(string policyArn, string? description) =>
        description ?? (IamFormat.IsAwsManaged(policyArn) && ByName.TryGetValue(policyArn[(policyArn.LastIndexOf('/') + 1)..], out var line) ? line : "");
}
