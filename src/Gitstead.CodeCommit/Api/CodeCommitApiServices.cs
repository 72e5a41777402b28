using Gitstead.Aws;
using Gitstead.CodeCommit.Git;
using Gitstead.CodeCommit.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gitstead.CodeCommit.Api;

internal static class CodeCommitApiServices
{
    /// <summary>Registers the repository services and the CodeCommit operation table.</summary>
    public static IServiceCollection AddCodeCommitApi(this IServiceCollection services)
    {
        services.AddOptions<CodeCommitOptions>()
            .BindConfiguration("Gitstead")
            .Validate(o => o.HasValidTemplate(), CodeCommitOptions.InvalidTemplateMessage)
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CatFilePool>();
        services.TryAddSingleton<RepositoryService>();
        services.TryAddSingleton<RepositoryListing>();
        services.TryAddSingleton<RepositoryTagService>();
        services.TryAddSingleton<BranchService>();
        services.TryAddSingleton<CommitService>();
        services.TryAddSingleton<CloneUrls>();
        services.TryAddSingleton<RepositoryApi>();
        services.TryAddSingleton<BranchApi>();
        services.TryAddSingleton<TagApi>();
        services.AddSingleton<AwsServiceDefinition>(sp => CodeCommitOperations.Create(
            sp.GetRequiredService<RepositoryApi>(), sp.GetRequiredService<BranchApi>(), sp.GetRequiredService<TagApi>()));
        return services;
    }
}
