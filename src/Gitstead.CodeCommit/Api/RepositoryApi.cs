using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using static Gitstead.Aws.AwsJson;
using static Gitstead.CodeCommit.Api.CodeCommitJson;

namespace Gitstead.CodeCommit.Api;

/// <summary>
/// Repository operations (botocore <c>codecommit/2015-04-13</c>): CreateRepository,
/// GetRepository, BatchGetRepositories, ListRepositories, UpdateRepositoryName,
/// UpdateRepositoryDescription, UpdateRepositoryEncryptionKey, DeleteRepository. Each parses the body, calls
/// <see cref="RepositoryService"/> (which checks and authorizes) and renders the answer.
/// </summary>
internal sealed class RepositoryApi(RepositoryService repositories)
{
    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_CreateRepository.html
    public async Task<AwsResult> CreateRepositoryAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var request = new NewRepository(json.String("repositoryName"), json.String("repositoryDescription"), json.String("kmsKeyId"), json.StringMap("tags"));
        var created = await repositories.CreateAsync(ctx.Call, request, ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["repositoryMetadata"] = Metadata(created) });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetRepository.html
    public async Task<AwsResult> GetRepositoryAsync(AwsRequestContext ctx)
    {
        var repository = await repositories.GetAsync(ctx.Call, ctx.Json.String("repositoryName"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["repositoryMetadata"] = Metadata(repository) });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_BatchGetRepositories.html
    public async Task<AwsResult> BatchGetRepositoriesAsync(AwsRequestContext ctx)
    {
        var batch = await repositories.BatchGetAsync(ctx.Call, ctx.Json.StringList("repositoryNames"), ctx.Aborted);
        return AwsResult.Json(new JsonObject
        {
            ["repositories"] = new JsonArray([.. batch.Repositories.Select(Metadata)]),
            ["repositoriesNotFound"] = Strings(batch.NotFound),
            ["errors"] = new JsonArray([.. batch.NotFound.Select(NotFoundError)]),
        });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_ListRepositories.html
    public async Task<AwsResult> ListRepositoriesAsync(AwsRequestContext ctx)
    {
        var sort = RepositoryRules.Sort(ctx.Json.String("sortBy"));
        var ascending = RepositoryRules.Ascending(ctx.Json.String("order"));
        var page = await repositories.ListAsync(ctx.Call, sort, ascending, ctx.Json.String("nextToken"), ctx.Aborted);
        var json = new JsonObject
        {
            ["repositories"] = new JsonArray([.. page.Items.Select(r => new JsonObject { ["repositoryName"] = r.Name, ["repositoryId"] = r.RepositoryId })]),
        };
        return AwsResult.Json(json.WithNextToken(page));
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UpdateRepositoryName.html
    public async Task<AwsResult> UpdateRepositoryNameAsync(AwsRequestContext ctx)
    {
        await repositories.RenameAsync(ctx.Call, ctx.Json.String("oldName"), ctx.Json.String("newName"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UpdateRepositoryDescription.html
    public async Task<AwsResult> UpdateRepositoryDescriptionAsync(AwsRequestContext ctx)
    {
        await repositories.UpdateDescriptionAsync(ctx.Call, ctx.Json.String("repositoryName"), ctx.Json.String("repositoryDescription"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_DeleteRepository.html
    public async Task<AwsResult> DeleteRepositoryAsync(AwsRequestContext ctx)
    {
        var repositoryId = await repositories.DeleteAsync(ctx.Call, ctx.Json.String("repositoryName"), ctx.Aborted);
        var json = new JsonObject();
        AddIfSet(json, "repositoryId", repositoryId);
        return AwsResult.Json(json);
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UpdateRepositoryEncryptionKey.html
    public async Task<AwsResult> UpdateRepositoryEncryptionKeyAsync(AwsRequestContext ctx)
    {
        var change = await repositories.UpdateEncryptionKeyAsync(ctx.Call, ctx.Json.String("repositoryName"), ctx.Json.String("kmsKeyId"), ctx.Aborted);
        var json = new JsonObject { ["repositoryId"] = change.RepositoryId, ["kmsKeyId"] = change.KmsKeyId };
        AddIfSet(json, "originalKmsKeyId", change.OriginalKmsKeyId);
        return AwsResult.Json(json);
    }

    private static JsonObject NotFoundError(string name) => new()
    {
        ["repositoryName"] = name,
        ["errorCode"] = "RepositoryDoesNotExistException",
        ["errorMessage"] = $"{name} does not exist",
    };
}
