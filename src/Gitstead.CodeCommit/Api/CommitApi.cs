using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using static Gitstead.CodeCommit.Api.CodeCommitJson;

namespace Gitstead.CodeCommit.Api;

/// <summary>
/// Commit reads beyond GetCommit (botocore <c>codecommit/2015-04-13</c>): BatchGetCommits,
/// ListFileCommitHistory. Each parses the body, calls <see cref="CommitService"/> and renders.
/// </summary>
internal sealed class CommitApi(CommitService commits)
{
    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_BatchGetCommits.html
    public async Task<AwsResult> BatchGetCommitsAsync(AwsRequestContext ctx)
    {
        var batch = await commits.BatchGetAsync(ctx.Call, ctx.Json.String("repositoryName"), ctx.Json.StringList("commitIds"), ctx.Aborted);
        return AwsResult.Json(new JsonObject
        {
            ["commits"] = new JsonArray([.. batch.Commits.Select(Commit)]),
            ["errors"] = new JsonArray([.. batch.Errors.Select(CommitError)]),
        });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_ListFileCommitHistory.html
    public async Task<AwsResult> ListFileCommitHistoryAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var page = new PageRequest(json.String("nextToken"), json.Int("maxResults") ?? CommitService.DefaultPageSize);
        var history = await commits.ListFileHistoryAsync(
            ctx.Call, json.String("repositoryName"), json.String("commitSpecifier"), json.String("filePath"), page, ctx.Aborted);
        var body = new JsonObject { ["revisionDag"] = new JsonArray([.. history.Items.Select(FileVersion)]) };
        return AwsResult.Json(body.WithNextToken(history));
    }
}
