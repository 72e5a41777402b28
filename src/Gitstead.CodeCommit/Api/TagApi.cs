using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using static Gitstead.Aws.AwsJson;

namespace Gitstead.CodeCommit.Api;

/// <summary>
/// Tag operations on repository ARNs (botocore <c>codecommit/2015-04-13</c>): TagResource,
/// UntagResource, ListTagsForResource.
/// </summary>
internal sealed class TagApi(RepositoryTagService tags)
{
    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_TagResource.html
    public async Task<AwsResult> TagResourceAsync(AwsRequestContext ctx)
    {
        await tags.TagAsync(ctx.Call, ctx.Json.String("resourceArn"), ctx.Json.StringMap("tags"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UntagResource.html
    public async Task<AwsResult> UntagResourceAsync(AwsRequestContext ctx)
    {
        await tags.UntagAsync(ctx.Call, ctx.Json.String("resourceArn"), ctx.Json.StringList("tagKeys"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_ListTagsForResource.html
    public async Task<AwsResult> ListTagsForResourceAsync(AwsRequestContext ctx)
    {
        var values = await tags.ListAsync(ctx.Call, ctx.Json.String("resourceArn"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["tags"] = Map(values) });
    }
}
