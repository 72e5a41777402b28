using Gitstead.CodeCommit.Api;
using Gitstead.CodeCommit.Transport;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gitstead.CodeCommit;

public static class CodeCommitServiceCollectionExtensions
{
    /// <summary>Registers the repository services, the CodeCommit API and the Git transport.</summary>
    public static IServiceCollection AddCodeCommit(this IServiceCollection services)
    {
        services.AddCodeCommitApi();
        services.AddGitTransport();
        return services;
    }

    /// <summary>Maps the Git smart-HTTP endpoints under <c>/v1/repos/{name}</c>.</summary>
    public static IEndpointRouteBuilder MapGitTransport(this IEndpointRouteBuilder endpoints)
    {
        GitTransportRegistration.MapSmartHttp(endpoints);
        return endpoints;
    }
}
