using Gitstead.Aws;
using Gitstead.Iam.AccessKeys;
using Gitstead.Iam.Accounts;
using Gitstead.Iam.Api;
using Gitstead.Iam.Authorization;
using Gitstead.Iam.Groups;
using Gitstead.Iam.LoginProfiles;
using Gitstead.Iam.Policies;
using Gitstead.Iam.ServiceCredentials;
using Gitstead.Iam.SshKeys;
using Gitstead.Iam.Sts;
using Gitstead.Iam.Users;
using Gitstead.Kms.Envelope;
using Gitstead.Kms.RootKeys;
using Gitstead.Storage.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gitstead.Iam;

public static class IamServiceCollectionExtensions
{
    /// <summary>
    /// Registers the IAM and STS services (what the API handlers and a console call), the
    /// authorizer every area uses, and the two operation tables.
    /// </summary>
    public static IServiceCollection AddIam(this IServiceCollection services)
    {
        // The Iam area owns policies, so it provides the authorizer every area uses.
        services.TryAddSingleton<PrincipalPolicyLoader>();
        services.TryAddSingleton<ParsedPolicyCache>();
        services.TryAddSingleton<PrincipalPolicyCache>();
        services.TryAddSingleton<IAuthorizer, PolicyAuthorizer>();

        services.TryAddSingleton<AccountService>();
        services.TryAddSingleton<AccountAliasService>();
        services.TryAddSingleton<AccountSummaryService>();
        services.TryAddSingleton<UserService>();
        services.TryAddSingleton<GroupService>();
        services.TryAddSingleton<AccessKeyService>();
        services.TryAddSingleton<LoginProfileService>();
        services.TryAddSingleton<PasswordPolicyService>();
        services.TryAddSingleton<ServiceCredentialService>();
        services.TryAddSingleton<GitCredentialVerifier>();
        services.TryAddSingleton<SshKeyService>();
        services.TryAddSingleton<SshKeyVerifier>();
        services.TryAddSingleton<SshKeyEvents>();
        services.TryAddSingleton<ManagedPolicyService>();
        services.TryAddSingleton<PolicyVersionService>();
        services.TryAddSingleton<PolicyListService>();
        services.TryAddSingleton<AttachmentService>();
        services.TryAddSingleton<InlinePolicyService>();
        services.TryAddSingleton<SimulationService>();
        services.TryAddSingleton<CallerIdentityService>();
        services.TryAddSingleton<SessionTokenService>();

        services.TryAddSingleton<UserApi>();
        services.TryAddSingleton<GroupApi>();
        services.TryAddSingleton<AccessKeyApi>();
        services.TryAddSingleton<LoginProfileApi>();
        services.TryAddSingleton<ServiceCredentialApi>();
        services.TryAddSingleton<SshKeyApi>();
        services.TryAddSingleton<AccountApi>();
        services.TryAddSingleton<PolicyApi>();
        services.TryAddSingleton<AttachmentApi>();
        services.TryAddSingleton<InlinePolicyApi>();
        services.TryAddSingleton<SimulationApi>();
        services.TryAddSingleton<StsApi>();

        // Secret access keys are envelope blobs: the root key rotation re-wraps them.
        services.AddSealedColumn<AccessKey>("access keys",
            k => k.AccessKeyId, k => k.SecretCiphertext, k => SecretPurposes.AccessKey(k.AccessKeyId));
        services.AddSealedColumn<SessionCredential>("session credentials",
            s => s.AccessKeyId, s => s.SecretCiphertext, s => SecretPurposes.SessionKey(s.AccessKeyId));

        // Every AWS service adds its definition; the dispatcher takes them all.
        services.AddSingleton(IamOperations.Create);
        services.AddSingleton(StsOperations.Create);
        return services;
    }
}
