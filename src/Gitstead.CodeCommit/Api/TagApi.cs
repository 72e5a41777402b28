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
        var (arn, name) = Resource(ctx);
        var values = ctx.Json.StringMap("tags") ?? throw RepositoryRules.Required("TagsMapRequiredException", "A map of tags");
        RepositoryRules.CheckTags(values);
        await ctx.AuthorizeAsync("codecommit:TagResource", arn, RepositoryRules.TagConditions(values));
        await tags.TagAsync(ctx.Caller.AccountId, ctx.Region, name, values, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UntagResource.html
    public async Task<AwsResult> UntagResourceAsync(AwsRequestContext ctx)
    {
        var (arn, name) = Resource(ctx);
        var keys = ctx.Json.StringList("tagKeys") ?? throw RepositoryRules.Required("TagKeysListRequiredException", "A list of tag keys");
        if (keys.Any(k => k.Length is < 1 or > 128))
        {
            throw CodeCommitErrors.Error("InvalidTagKeysListException", "The list of tag keys is not valid. Tag keys must be 1 to 128 characters long.");
        }

        var conditions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["aws:TagKeys"] = keys };
        await ctx.AuthorizeAsync("codecommit:UntagResource", arn, conditions);
        await tags.UntagAsync(ctx.Caller.AccountId, ctx.Region, name, keys, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_ListTagsForResource.html
    public async Task<AwsResult> ListTagsForResourceAsync(AwsRequestContext ctx)
    {
        var (arn, name) = Resource(ctx);
        await ctx.AuthorizeAsync("codecommit:ListTagsForResource", arn);
        var values = await tags.ListAsync(ctx.Caller.AccountId, ctx.Region, name, ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["tags"] = Map(values) });
    }

    /// <summary>
    /// The repository a <c>resourceArn</c> names. One of another account or region is reported
    /// as not existing: repositories are per account and region, and none other is visible.
    /// </summary>
    private static (string Arn, string Name) Resource(AwsRequestContext ctx)
    {
        var arn = ctx.Json.String("resourceArn");
        if (string.IsNullOrEmpty(arn))
        {
            throw RepositoryRules.Required("ResourceArnRequiredException", "A valid Amazon Resource Name (ARN) for a CodeCommit repository");
        }

        if (!RepositoryArns.TryParse(arn, out var region, out var accountId, out var name))
        {
            throw CodeCommitErrors.Error("InvalidResourceArnException",
                $"The value for the resource ARN is not valid: {arn}. For more information about resources in CodeCommit, see CodeCommit Resources and Operations in the AWS CodeCommit User Guide.");
        }

        RepositoryRules.Name(name);
        if (accountId != ctx.Caller.AccountId || region != ctx.Region)
        {
            throw CodeCommitErrors.RepositoryDoesNotExist(name);
        }

        return (RepositoryArns.For(region, accountId, name), name);
    }
}
