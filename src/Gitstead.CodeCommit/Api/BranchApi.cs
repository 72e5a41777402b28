using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using static Gitstead.Aws.AwsJson;
using static Gitstead.CodeCommit.Api.CodeCommitJson;

namespace Gitstead.CodeCommit.Api;

/// <summary>
/// Branch and commit operations (botocore <c>codecommit/2015-04-13</c>): CreateBranch,
/// GetBranch, ListBranches, DeleteBranch, UpdateDefaultBranch, GetCommit.
/// </summary>
internal sealed class BranchApi(RepositoryService repositories, BranchService branches, CommitService commits)
{
    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_CreateBranch.html
    public async Task<AwsResult> CreateBranchAsync(AwsRequestContext ctx)
    {
        var name = RepositoryRules.Name(ctx.Json.String("repositoryName"));
        var branch = BranchService.RequireName(ctx.Json.String("branchName"));
        var given = ctx.Json.String("commitId");
        var commitId = string.IsNullOrEmpty(given)
            ? throw CodeCommitErrors.CommitIdRequired()
            : GitObjectIds.Normalize(given) ?? throw CodeCommitErrors.InvalidCommitId(given);
        await ctx.AuthorizeAsync("codecommit:CreateBranch", RepositoryApi.Arn(ctx, name), RepositoryRules.References(branch));
        var repository = await RequireAsync(ctx, name, branch);
        await branches.CreateAsync(repository, branch, commitId, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetBranch.html
    public async Task<AwsResult> GetBranchAsync(AwsRequestContext ctx)
    {
        var name = RepositoryRules.Name(ctx.Json.String("repositoryName"));
        var branch = BranchService.RequireName(ctx.Json.String("branchName"));
        await ctx.AuthorizeAsync("codecommit:GetBranch", RepositoryApi.Arn(ctx, name));
        var repository = await RequireAsync(ctx, name, branch);
        var found = await branches.FindAsync(repository, branch, ctx.Aborted) ?? throw CodeCommitErrors.BranchDoesNotExist(branch);
        return AwsResult.Json(new JsonObject { ["branch"] = Branch(found) });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_ListBranches.html
    public async Task<AwsResult> ListBranchesAsync(AwsRequestContext ctx)
    {
        var name = RepositoryRules.Name(ctx.Json.String("repositoryName"));
        await ctx.AuthorizeAsync("codecommit:ListBranches", RepositoryApi.Arn(ctx, name));
        var repository = await repositories.RequireAsync(ctx.Caller.AccountId, ctx.Region, name, ctx.Aborted);
        var page = await branches.ListAsync(repository, ctx.Json.String("nextToken"), ctx.Aborted);
        var json = new JsonObject { ["branches"] = Strings(page.Branches) };
        AddIfSet(json, "nextToken", page.NextToken);
        return AwsResult.Json(json);
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_DeleteBranch.html
    public async Task<AwsResult> DeleteBranchAsync(AwsRequestContext ctx)
    {
        var name = RepositoryRules.Name(ctx.Json.String("repositoryName"));
        var branch = BranchService.RequireName(ctx.Json.String("branchName"));
        await ctx.AuthorizeAsync("codecommit:DeleteBranch", RepositoryApi.Arn(ctx, name), RepositoryRules.References(branch));
        var repository = await RequireAsync(ctx, name, branch);
        var deleted = await branches.DeleteAsync(repository, branch, ctx.Aborted);
        // Deleting a branch that does not exist is not an error in the model: the answer is empty.
        return AwsResult.Json(deleted is null ? [] : new JsonObject { ["deletedBranch"] = Branch(deleted) });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UpdateDefaultBranch.html
    public async Task<AwsResult> UpdateDefaultBranchAsync(AwsRequestContext ctx)
    {
        var name = RepositoryRules.Name(ctx.Json.String("repositoryName"));
        var branch = BranchService.RequireName(ctx.Json.String("defaultBranchName"));
        await ctx.AuthorizeAsync("codecommit:UpdateDefaultBranch", RepositoryApi.Arn(ctx, name));
        var repository = await RequireAsync(ctx, name, branch);
        await branches.SetDefaultAsync(repository, branch, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetCommit.html
    public async Task<AwsResult> GetCommitAsync(AwsRequestContext ctx)
    {
        var name = RepositoryRules.Name(ctx.Json.String("repositoryName"));
        var commitId = ctx.Json.String("commitId");
        if (string.IsNullOrEmpty(commitId))
        {
            throw CodeCommitErrors.CommitIdRequired();
        }

        await ctx.AuthorizeAsync("codecommit:GetCommit", RepositoryApi.Arn(ctx, name));
        var repository = await repositories.RequireAsync(ctx.Caller.AccountId, ctx.Region, name, ctx.Aborted);
        var commit = await commits.GetAsync(repository, commitId, ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["commit"] = Commit(commit) });
    }

    /// <summary>The repository, with the branch name checked against git's ref rules.</summary>
    private async Task<RepositoryInfo> RequireAsync(AwsRequestContext ctx, string name, string branch)
    {
        var repository = await repositories.RequireAsync(ctx.Caller.AccountId, ctx.Region, name, ctx.Aborted);
        await BranchService.CheckNameAsync(repository, branch, ctx.Aborted);
        return repository;
    }
}
