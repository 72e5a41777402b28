using Gitstead.Aws;
using Gitstead.CodeCommit.Git;
using Gitstead.CodeCommit.PullRequests;
using Gitstead.CodeCommit.Repositories;
using Gitstead.CodeCommit.Templates;
using Gitstead.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gitstead.CodeCommit.Api;

internal static class CodeCommitApiServices
{
    /// <summary>
    /// Registers the repository services (the area's public surface, which the console calls
    /// too) and the CodeCommit operation table.
    /// </summary>
    public static IServiceCollection AddCodeCommitApi(this IServiceCollection services)
    {
        services.AddOptions<CodeCommitOptions>()
            .BindConfiguration("Gitstead")
            .Validate(o => o.HasValidTemplate(), CodeCommitOptions.InvalidTemplateMessage)
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CatFilePool>();
        services.TryAddSingleton<RepositoryKeys>();
        services.AddHostedService<RepositoryKeyBackfill>();
        services.TryAddSingleton<RepositoryStore>();
        services.TryAddSingleton<RepositoryListing>();
        services.TryAddSingleton<CloneUrls>();
        services.TryAddSingleton(sp => new RepositoryService(
            sp.GetRequiredService<RepositoryStore>(), sp.GetRequiredService<RepositoryListing>(), sp.GetRequiredService<CloneUrls>(), sp.GetRequiredService<IAuthorizer>(),
            sp.GetRequiredService<RepositoryKeys>()));
        services.AddHttpClient(TriggerEndpoints.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.TryAddSingleton<TriggerEndpoints>();
        services.TryAddSingleton<TriggerSignal>();
        services.TryAddSingleton<TriggerQueue>();
        services.TryAddSingleton<EventQueue>();
        services.AddHostedService<TriggerDeliverer>();
        services.TryAddSingleton(sp => new TriggerService(
            sp.GetRequiredService<IGitsteadDb>(), sp.GetRequiredService<IAuthorizer>(), sp.GetRequiredService<RepositoryStore>(),
            sp.GetRequiredService<TriggerEndpoints>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new BranchService(sp.GetRequiredService<RepositoryStore>(), sp.GetRequiredService<IAuthorizer>(), sp.GetRequiredService<TriggerQueue>()));
        services.TryAddSingleton<CommitReader>();
        services.TryAddSingleton<TreeReader>();
        services.TryAddSingleton<DiffReader>();
        services.TryAddSingleton(sp => new CommitService(
            sp.GetRequiredService<RepositoryStore>(), sp.GetRequiredService<IAuthorizer>(), sp.GetRequiredService<CommitReader>(), sp.GetRequiredService<TreeReader>()));
        services.TryAddSingleton(sp => new FileService(
            sp.GetRequiredService<RepositoryStore>(), sp.GetRequiredService<IAuthorizer>(), sp.GetRequiredService<CommitReader>(),
            sp.GetRequiredService<TreeReader>(), sp.GetRequiredService<CatFilePool>()));
        services.TryAddSingleton(sp => new DifferenceService(
            sp.GetRequiredService<RepositoryStore>(), sp.GetRequiredService<IAuthorizer>(), sp.GetRequiredService<CommitReader>(), sp.GetRequiredService<DiffReader>()));
        services.TryAddSingleton<CommitWriter>();
        services.TryAddSingleton(sp => new FileWriteService(
            sp.GetRequiredService<RepositoryStore>(), sp.GetRequiredService<IAuthorizer>(), sp.GetRequiredService<CommitWriter>(), sp.GetRequiredService<TriggerQueue>(),
            sp.GetService<RepositoryMaintenance>()));
        services.TryAddSingleton<MergeEngine>();
        services.TryAddSingleton<MergeAnalyzer>();
        services.TryAddSingleton<ConflictDescriber>();
        services.TryAddSingleton<MergeResolver>();
        services.TryAddSingleton(sp => new MergeService(
            sp.GetRequiredService<RepositoryStore>(), sp.GetRequiredService<IAuthorizer>(), sp.GetRequiredService<MergeAnalyzer>(),
            sp.GetRequiredService<ConflictDescriber>(), sp.GetRequiredService<MergeResolver>(), sp.GetRequiredService<TriggerQueue>(),
            sp.GetService<RepositoryMaintenance>()));
        services.TryAddSingleton(sp => new ReferenceService(sp.GetRequiredService<RepositoryStore>(), sp.GetRequiredService<IAuthorizer>()));
        services.TryAddSingleton(sp => new RepositoryTagService(sp.GetRequiredService<IGitsteadDb>(), sp.GetRequiredService<IAuthorizer>()));
        services.TryAddSingleton<PullRequestStore>();
        services.AddSingleton<IPullRequestLookup>(sp => sp.GetRequiredService<PullRequestStore>());
        services.TryAddSingleton<ApprovalRuleTemplateStore>();
        services.AddSingleton<IApprovalRuleTemplateSource>(sp => sp.GetRequiredService<ApprovalRuleTemplateStore>());
        services.TryAddSingleton(sp => new PullRequestService(
            sp.GetRequiredService<PullRequestStore>(), sp.GetRequiredService<IAuthorizer>(), sp.GetRequiredService<RepositoryStore>(),
            sp.GetRequiredService<MergeService>(), sp.GetRequiredService<IApprovalRuleTemplateSource>()));
        services.TryAddSingleton(sp => new ApprovalService(sp.GetRequiredService<PullRequestStore>(), sp.GetRequiredService<IAuthorizer>(), sp.GetRequiredService<RepositoryStore>()));
        services.TryAddSingleton(sp => new CommentService(
            sp.GetRequiredService<IGitsteadDb>(), sp.GetRequiredService<IAuthorizer>(), sp.GetRequiredService<RepositoryStore>(),
            sp.GetRequiredService<CommitReader>(), sp.GetRequiredService<TreeReader>(), sp.GetRequiredService<CatFilePool>(),
            sp.GetRequiredService<IPullRequestLookup>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<EventQueue>()));
        services.TryAddSingleton(sp => new ApprovalRuleTemplateService(
            sp.GetRequiredService<ApprovalRuleTemplateStore>(), sp.GetRequiredService<RepositoryStore>(), sp.GetRequiredService<IAuthorizer>()));
        services.TryAddSingleton<RepositoryApi>();
        services.TryAddSingleton<BranchApi>();
        services.TryAddSingleton<CommitApi>();
        services.TryAddSingleton<ContentApi>();
        services.TryAddSingleton<FileWriteApi>();
        services.TryAddSingleton<MergeApi>();
        services.TryAddSingleton<TagApi>();
        services.TryAddSingleton<TriggerApi>();
        services.TryAddSingleton<CommentApi>();
        services.TryAddSingleton<ApprovalRuleTemplateApi>();
        services.TryAddSingleton<PullRequestApi>();
        services.AddSingleton<AwsServiceDefinition>(sp => CodeCommitOperations.Create(
            sp.GetRequiredService<RepositoryApi>(), sp.GetRequiredService<BranchApi>(), sp.GetRequiredService<CommitApi>(),
            sp.GetRequiredService<ContentApi>(), sp.GetRequiredService<FileWriteApi>(), sp.GetRequiredService<MergeApi>(), sp.GetRequiredService<TagApi>(),
            sp.GetRequiredService<TriggerApi>(), sp.GetRequiredService<CommentApi>(), sp.GetRequiredService<ApprovalRuleTemplateApi>(),
            sp.GetRequiredService<PullRequestApi>()));
        return services;
    }
}
