using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using static Gitstead.Aws.AwsJson;
using static Gitstead.CodeCommit.Api.CodeCommitJson;

namespace Gitstead.CodeCommit.Api;

/// <summary>
/// Repository operations (botocore <c>codecommit/2015-04-13</c>): CreateRepository,
/// GetRepository, BatchGetRepositories, ListRepositories, UpdateRepositoryName,
/// UpdateRepositoryDescription, DeleteRepository.
/// </summary>
internal sealed partial class RepositoryApi(RepositoryService repositories, RepositoryListing listing, CloneUrls urls)
{
    private const int MaxBatchNames = 100;

    [GeneratedRegex("^[a-zA-Z0-9:/_-]+$")]
    private static partial Regex KmsKeyIdPattern();

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_CreateRepository.html
    public async Task<AwsResult> CreateRepositoryAsync(AwsRequestContext ctx)
    {
        var name = RepositoryRules.Name(ctx.Json.String("repositoryName"));
        var description = RepositoryRules.Description(ctx.Json.String("repositoryDescription"));
        var tags = ctx.Json.StringMap("tags") ?? [];
        RepositoryRules.CheckTags(tags);
        var kmsKeyId = KmsKeyId(ctx.Json.String("kmsKeyId"));
        var account = ctx.Caller.AccountId;
        await ctx.AuthorizeAsync("codecommit:CreateRepository", RepositoryArns.For(ctx.Region, account, name), RepositoryRules.TagConditions(tags));
        var row = await repositories.CreateAsync(new NewRepository(account, ctx.Region, name, description, kmsKeyId, tags), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["repositoryMetadata"] = Metadata(row, urls) });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetRepository.html
    public async Task<AwsResult> GetRepositoryAsync(AwsRequestContext ctx)
    {
        var name = RepositoryRules.Name(ctx.Json.String("repositoryName"));
        await ctx.AuthorizeAsync("codecommit:GetRepository", Arn(ctx, name));
        var row = await repositories.GetAsync(ctx.Caller.AccountId, ctx.Region, name, ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["repositoryMetadata"] = Metadata(row, urls) });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_BatchGetRepositories.html
    public async Task<AwsResult> BatchGetRepositoriesAsync(AwsRequestContext ctx)
    {
        var requested = ctx.Json.StringList("repositoryNames")
            ?? throw RepositoryRules.Required("RepositoryNamesRequiredException", "At least one repository name");
        if (requested.Count > MaxBatchNames)
        {
            throw CodeCommitErrors.Error("MaximumRepositoryNamesExceededException",
                $"The maximum number of allowed repository names was exceeded. Currently, this number is {MaxBatchNames}.");
        }

        var names = requested.Select(RepositoryRules.Name).Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            await ctx.AuthorizeAsync("codecommit:BatchGetRepositories", Arn(ctx, name));
        }

        var found = (await repositories.GetManyAsync(ctx.Caller.AccountId, ctx.Region, names, ctx.Aborted))
            .ToDictionary(r => r.RepositoryName, StringComparer.Ordinal);
        var missing = names.Where(n => !found.ContainsKey(n)).ToList();
        return AwsResult.Json(new JsonObject
        {
            ["repositories"] = new JsonArray([.. names.Where(found.ContainsKey).Select(n => Metadata(found[n], urls))]),
            ["repositoriesNotFound"] = Strings(missing),
            ["errors"] = new JsonArray([.. missing.Select(NotFoundError)]),
        });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_ListRepositories.html
    public async Task<AwsResult> ListRepositoriesAsync(AwsRequestContext ctx)
    {
        var sort = ctx.Json.String("sortBy") switch
        {
            null or "repositoryName" => RepositorySort.RepositoryName,
            "lastModifiedDate" => RepositorySort.LastModifiedDate,
            var other => throw CodeCommitErrors.Error("InvalidSortByException", $"The specified sort by value is not valid: {other}"),
        };
        var ascending = ctx.Json.String("order") switch
        {
            null or "ascending" => true,
            "descending" => false,
            var other => throw CodeCommitErrors.Error("InvalidOrderException", $"The specified sort order is not valid: {other}"),
        };
        await ctx.AuthorizeAsync("codecommit:ListRepositories", "*");
        var page = await listing.ListAsync(ctx.Caller.AccountId, ctx.Region, sort, ascending, ctx.Json.String("nextToken"), ctx.Aborted);
        var json = new JsonObject
        {
            ["repositories"] = new JsonArray([.. page.Repositories.Select(r => new JsonObject { ["repositoryName"] = r.Name, ["repositoryId"] = r.Id })]),
        };
        AddIfSet(json, "nextToken", page.NextToken);
        return AwsResult.Json(json);
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UpdateRepositoryName.html
    public async Task<AwsResult> UpdateRepositoryNameAsync(AwsRequestContext ctx)
    {
        var oldName = RepositoryRules.Name(ctx.Json.String("oldName"));
        var newName = RepositoryRules.Name(ctx.Json.String("newName"));
        // The permission must cover the repository under both its names.
        await ctx.AuthorizeAsync("codecommit:UpdateRepositoryName", Arn(ctx, oldName));
        await ctx.AuthorizeAsync("codecommit:UpdateRepositoryName", Arn(ctx, newName));
        await repositories.RenameAsync(ctx.Caller.AccountId, ctx.Region, oldName, newName, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UpdateRepositoryDescription.html
    public async Task<AwsResult> UpdateRepositoryDescriptionAsync(AwsRequestContext ctx)
    {
        var name = RepositoryRules.Name(ctx.Json.String("repositoryName"));
        var description = RepositoryRules.Description(ctx.Json.String("repositoryDescription"));
        await ctx.AuthorizeAsync("codecommit:UpdateRepositoryDescription", Arn(ctx, name));
        await repositories.UpdateDescriptionAsync(ctx.Caller.AccountId, ctx.Region, name, description, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_DeleteRepository.html
    public async Task<AwsResult> DeleteRepositoryAsync(AwsRequestContext ctx)
    {
        var name = RepositoryRules.Name(ctx.Json.String("repositoryName"));
        await ctx.AuthorizeAsync("codecommit:DeleteRepository", Arn(ctx, name));
        var repositoryId = await repositories.DeleteAsync(ctx.Caller.AccountId, ctx.Region, name, ctx.Aborted);
        var json = new JsonObject();
        AddIfSet(json, "repositoryId", repositoryId);
        return AwsResult.Json(json);
    }

    internal static string Arn(AwsRequestContext ctx, string name) => RepositoryArns.For(ctx.Region, ctx.Caller.AccountId, name);

    private static string? KmsKeyId(string? value) =>
        value is null || KmsKeyIdPattern().IsMatch(value)
            ? value
            : throw CodeCommitErrors.Error("EncryptionKeyInvalidIdException", $"The Key Management Service encryption key ID is not valid: {value}");

    private static JsonObject NotFoundError(string name) => new()
    {
        ["repositoryName"] = name,
        ["errorCode"] = "RepositoryDoesNotExistException",
        ["errorMessage"] = $"{name} does not exist",
    };
}
