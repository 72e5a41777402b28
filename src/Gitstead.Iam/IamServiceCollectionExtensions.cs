using Gitstead.Aws;
using Gitstead.Iam.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gitstead.Iam;

public static class IamServiceCollectionExtensions
{
    /// <summary>Registers the IAM and STS services and their operation tables.</summary>
    public static IServiceCollection AddIam(this IServiceCollection services)
    {
        services.AddSingleton<Accounts.AccountService>();
        services.TryAddSingleton<Policies.PrincipalPolicyLoader>();
        services.TryAddSingleton<Authorization.ParsedPolicyCache>();
        services.TryAddSingleton<Authorization.PrincipalPolicyCache>();
        services.AddSingleton<Authorization.SimulationService>();
        services.AddSingleton<IOperationGroup, Authorization.SimulationApi>();
        // The Iam area owns policies, so it provides the authorizer every area uses.
        services.TryAddSingleton<IAuthorizer, Authorization.PolicyAuthorizer>();
        services.AddSingleton<ServiceCredentials.ServiceCredentialService>();
        services.AddSingleton<ServiceCredentials.GitCredentialVerifier>();
        services.AddSingleton<IOperationGroup, ServiceCredentials.ServiceCredentialApi>();
        services.AddSingleton<SshKeys.SshKeyService>();
        services.AddSingleton<IOperationGroup, SshKeys.SshKeyApi>();
        services.AddSingleton<Sts.SessionTokenService>();
        services.AddSingleton<IOperationGroup, Sts.StsApi>();
        services.AddSingleton<Users.UserService>();
        services.AddSingleton<IOperationGroup, Users.UserApi>();
        services.AddSingleton<AccessKeys.AccessKeyService>();
        services.AddSingleton<IOperationGroup, AccessKeys.AccessKeyApi>();
        services.AddSingleton<LoginProfiles.LoginProfileService>();
        services.AddSingleton<LoginProfiles.PasswordPolicyService>();
        services.AddSingleton<IOperationGroup, LoginProfiles.LoginProfileApi>();
        services.AddSingleton<Accounts.AccountAliasService>();
        services.AddSingleton<Accounts.AccountSummaryService>();
        services.AddSingleton<IOperationGroup, Accounts.AccountApi>();
        services.AddSingleton<Groups.GroupService>();
        services.AddSingleton<IOperationGroup, Groups.GroupApi>();
        services.AddSingleton<Policies.ManagedPolicyService>();
        services.AddSingleton<Policies.PolicyVersionService>();
        services.AddSingleton<Policies.PolicyListService>();
        services.AddSingleton<Policies.AttachmentService>();
        services.AddSingleton<Policies.InlinePolicyService>();
        services.AddSingleton<IOperationGroup, Policies.PolicyApi>();
        services.AddSingleton<IOperationGroup, Policies.AttachmentApi>();
        services.AddSingleton<IOperationGroup, Policies.InlinePolicyApi>();
        services.AddSingleton(sp => IamServiceDefinitions.Iam(sp.GetServices<IOperationGroup>()));
        services.AddSingleton(sp => IamServiceDefinitions.Sts(sp.GetServices<IOperationGroup>()));
        return services;
    }
}
