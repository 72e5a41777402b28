using Gitstead.Auth.Credentials;
using Gitstead.Auth.GitBasic;
using Gitstead.Auth.SigV4;
using Gitstead.Aws;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gitstead.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// Registers SigV4 authentication of API requests (<see cref="IAwsRequestAuthenticator"/>)
    /// and the Git SigV4 password check (<see cref="IGitSigV4Authenticator"/>). Needs storage
    /// (<c>AddGitsteadStorage</c>) and the envelope services (<c>AddKms</c>). The authorizer
    /// (<see cref="IAuthorizer"/>) comes from the Iam area, which owns policies.
    /// </summary>
    public static IServiceCollection AddGitsteadAuth(this IServiceCollection services)
    {
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAccessKeyResolver, AccessKeyResolver>();
        services.TryAddSingleton<SigningKeyCache>();
        services.TryAddSingleton<IAwsRequestAuthenticator, AwsRequestAuthenticator>();
        services.TryAddSingleton<IGitSigV4Authenticator, GitSigV4Authenticator>();
        return services;
    }
}
