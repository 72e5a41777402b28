using Gitstead.Aws;
using Gitstead.Iam.AccessKeys;
using Gitstead.Iam.Accounts;
using Gitstead.Iam.Authorization;
using Gitstead.Iam.Groups;
using Gitstead.Iam.LoginProfiles;
using Gitstead.Iam.Policies;
using Gitstead.Iam.ServiceCredentials;
using Gitstead.Iam.SshKeys;
using Gitstead.Iam.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Gitstead.Iam.Api;

/// <summary>
/// The IAM operation table (Query protocol, <c>Action=OP</c> with SigV4 service <c>iam</c>):
/// every operation Gitstead serves and its handler.
/// </summary>
internal static class IamOperations
{
    public const string Namespace = "https://iam.amazonaws.com/doc/2010-05-08/";

    /// <summary>The table, over the handler classes registered by <see cref="IamServiceCollectionExtensions.AddIam"/>.</summary>
    public static AwsServiceDefinition Create(IServiceProvider services)
    {
        var users = services.GetRequiredService<UserApi>();
        var groups = services.GetRequiredService<GroupApi>();
        var accessKeys = services.GetRequiredService<AccessKeyApi>();
        var loginProfiles = services.GetRequiredService<LoginProfileApi>();
        var serviceCredentials = services.GetRequiredService<ServiceCredentialApi>();
        var sshKeys = services.GetRequiredService<SshKeyApi>();
        var accounts = services.GetRequiredService<AccountApi>();
        var policies = services.GetRequiredService<PolicyApi>();
        var attachments = services.GetRequiredService<AttachmentApi>();
        var inlinePolicies = services.GetRequiredService<InlinePolicyApi>();
        var simulation = services.GetRequiredService<SimulationApi>();
        return AwsServiceDefinition.Query("iam", "2010-05-08", Namespace, new Dictionary<string, AwsOperationHandler>
        {
            // Users
            ["CreateUser"] = users.CreateUserAsync,
            ["GetUser"] = users.GetUserAsync,
            ["ListUsers"] = users.ListUsersAsync,
            ["UpdateUser"] = users.UpdateUserAsync,
            ["DeleteUser"] = users.DeleteUserAsync,
            ["TagUser"] = users.TagUserAsync,
            ["UntagUser"] = users.UntagUserAsync,
            ["ListUserTags"] = users.ListUserTagsAsync,

            // Groups
            ["CreateGroup"] = groups.CreateGroupAsync,
            ["GetGroup"] = groups.GetGroupAsync,
            ["ListGroups"] = groups.ListGroupsAsync,
            ["UpdateGroup"] = groups.UpdateGroupAsync,
            ["DeleteGroup"] = groups.DeleteGroupAsync,
            ["AddUserToGroup"] = groups.AddUserToGroupAsync,
            ["RemoveUserFromGroup"] = groups.RemoveUserFromGroupAsync,
            ["ListGroupsForUser"] = groups.ListGroupsForUserAsync,

            // Access keys (the root's too)
            ["CreateAccessKey"] = accessKeys.CreateAccessKeyAsync,
            ["ListAccessKeys"] = accessKeys.ListAccessKeysAsync,
            ["UpdateAccessKey"] = accessKeys.UpdateAccessKeyAsync,
            ["DeleteAccessKey"] = accessKeys.DeleteAccessKeyAsync,
            ["GetAccessKeyLastUsed"] = accessKeys.GetAccessKeyLastUsedAsync,

            // Console passwords and the account password policy
            ["CreateLoginProfile"] = loginProfiles.CreateLoginProfileAsync,
            ["GetLoginProfile"] = loginProfiles.GetLoginProfileAsync,
            ["UpdateLoginProfile"] = loginProfiles.UpdateLoginProfileAsync,
            ["DeleteLoginProfile"] = loginProfiles.DeleteLoginProfileAsync,
            ["ChangePassword"] = loginProfiles.ChangePasswordAsync,
            ["GetAccountPasswordPolicy"] = loginProfiles.GetAccountPasswordPolicyAsync,
            ["UpdateAccountPasswordPolicy"] = loginProfiles.UpdateAccountPasswordPolicyAsync,
            ["DeleteAccountPasswordPolicy"] = loginProfiles.DeleteAccountPasswordPolicyAsync,

            // HTTPS Git credentials (service-specific credentials)
            ["CreateServiceSpecificCredential"] = serviceCredentials.CreateServiceSpecificCredentialAsync,
            ["ListServiceSpecificCredentials"] = serviceCredentials.ListServiceSpecificCredentialsAsync,
            ["ResetServiceSpecificCredential"] = serviceCredentials.ResetServiceSpecificCredentialAsync,
            ["UpdateServiceSpecificCredential"] = serviceCredentials.UpdateServiceSpecificCredentialAsync,
            ["DeleteServiceSpecificCredential"] = serviceCredentials.DeleteServiceSpecificCredentialAsync,

            // SSH public keys
            ["UploadSSHPublicKey"] = sshKeys.UploadSSHPublicKeyAsync,
            ["ListSSHPublicKeys"] = sshKeys.ListSSHPublicKeysAsync,
            ["GetSSHPublicKey"] = sshKeys.GetSSHPublicKeyAsync,
            ["UpdateSSHPublicKey"] = sshKeys.UpdateSSHPublicKeyAsync,
            ["DeleteSSHPublicKey"] = sshKeys.DeleteSSHPublicKeyAsync,

            // The account: alias and summary
            ["CreateAccountAlias"] = accounts.CreateAccountAliasAsync,
            ["DeleteAccountAlias"] = accounts.DeleteAccountAliasAsync,
            ["ListAccountAliases"] = accounts.ListAccountAliasesAsync,
            ["GetAccountSummary"] = accounts.GetAccountSummaryAsync,

            // Managed policies and their versions
            ["CreatePolicy"] = policies.CreatePolicyAsync,
            ["GetPolicy"] = policies.GetPolicyAsync,
            ["DeletePolicy"] = policies.DeletePolicyAsync,
            ["ListPolicies"] = policies.ListPoliciesAsync,
            ["ListEntitiesForPolicy"] = policies.ListEntitiesForPolicyAsync,
            ["CreatePolicyVersion"] = policies.CreatePolicyVersionAsync,
            ["GetPolicyVersion"] = policies.GetPolicyVersionAsync,
            ["ListPolicyVersions"] = policies.ListPolicyVersionsAsync,
            ["SetDefaultPolicyVersion"] = policies.SetDefaultPolicyVersionAsync,
            ["DeletePolicyVersion"] = policies.DeletePolicyVersionAsync,

            // Managed policies attached to users and groups
            ["AttachUserPolicy"] = attachments.AttachUserPolicyAsync,
            ["DetachUserPolicy"] = attachments.DetachUserPolicyAsync,
            ["ListAttachedUserPolicies"] = attachments.ListAttachedUserPoliciesAsync,
            ["AttachGroupPolicy"] = attachments.AttachGroupPolicyAsync,
            ["DetachGroupPolicy"] = attachments.DetachGroupPolicyAsync,
            ["ListAttachedGroupPolicies"] = attachments.ListAttachedGroupPoliciesAsync,

            // Inline policies of users and groups
            ["PutUserPolicy"] = inlinePolicies.PutUserPolicyAsync,
            ["GetUserPolicy"] = inlinePolicies.GetUserPolicyAsync,
            ["DeleteUserPolicy"] = inlinePolicies.DeleteUserPolicyAsync,
            ["ListUserPolicies"] = inlinePolicies.ListUserPoliciesAsync,
            ["PutGroupPolicy"] = inlinePolicies.PutGroupPolicyAsync,
            ["GetGroupPolicy"] = inlinePolicies.GetGroupPolicyAsync,
            ["DeleteGroupPolicy"] = inlinePolicies.DeleteGroupPolicyAsync,
            ["ListGroupPolicies"] = inlinePolicies.ListGroupPoliciesAsync,

            // The policy simulator
            ["SimulatePrincipalPolicy"] = simulation.SimulatePrincipalPolicyAsync,
            ["SimulateCustomPolicy"] = simulation.SimulateCustomPolicyAsync,
        }) with
        {
            RequiresMfaForSessions = true,
        };
    }
}
