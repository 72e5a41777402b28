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
internal sealed class BranchApi(BranchService branches, CommitService commits)
{
    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_CreateBranch.html
    public async Task<AwsResult> CreateBranchAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        await branches.CreateAsync(ctx.Call, json.String("repositoryName"), json.String("branchName"), json.String("commitId"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetBranch.html
    public async Task<AwsResult> GetBranchAsync(AwsRequestContext ctx)
    {
        var branch = await branches.GetAsync(ctx.Call, ctx.Json.String("repositoryName"), ctx.Json.String("branchName"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["branch"] = Branch(branch) });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_ListBranches.html
    public async Task<AwsResult> ListBranchesAsync(AwsRequestContext ctx)
    {
        var page = await branches.ListAsync(ctx.Call, ctx.Json.String("repositoryName"), ctx.Json.String("nextToken"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["branches"] = Strings(page.Items) }.WithNextToken(page));
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_DeleteBranch.html
    public async Task<AwsResult> DeleteBranchAsync(AwsRequestContext ctx)
    {
        var deleted = await branches.DeleteAsync(ctx.Call, ctx.Json.String("repositoryName"), ctx.Json.String("branchName"), ctx.Aborted);
        // Deleting a branch that does not exist is not an error in the model: the answer is empty.
        return AwsResult.Json(deleted is null ? [] : new JsonObject { ["deletedBranch"] = Branch(deleted) });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UpdateDefaultBranch.html
    public async Task<AwsResult> UpdateDefaultBranchAsync(AwsRequestContext ctx)
    {
        await branches.SetDefaultAsync(ctx.Call, ctx.Json.String("repositoryName"), ctx.Json.String("defaultBranchName"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetCommit.html
    public async Task<AwsResult> GetCommitAsync(AwsRequestContext ctx)
    {
        var commit = await commits.GetAsync(ctx.Call, ctx.Json.String("repositoryName"), ctx.Json.String("commitId"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["commit"] = Commit(commit) });
    }
}
