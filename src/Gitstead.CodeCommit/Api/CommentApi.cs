using System.Text.Json;
using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using static Gitstead.Aws.AwsJson;

namespace Gitstead.CodeCommit.Api;

/// <summary>
/// Comments (botocore <c>codecommit/2015-04-13</c>): PostCommentForComparedCommit,
/// PostCommentForPullRequest, PostCommentReply, GetComment, GetCommentsForComparedCommit,
/// GetCommentsForPullRequest, UpdateComment, DeleteCommentContent, PutCommentReaction,
/// GetCommentReactions. Each parses the body, calls <see cref="CommentService"/> and renders.
/// </summary>
internal sealed class CommentApi(CommentService comments)
{
    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_PostCommentForComparedCommit.html
    public async Task<AwsResult> PostCommentForComparedCommitAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var posted = await comments.PostForComparedCommitAsync(
            ctx.Call, json.String("repositoryName"), json.String("beforeCommitId"), json.String("afterCommitId"), Location(json),
            json.String("content"), json.String("clientRequestToken"), ctx.Aborted);
        var body = Target(posted.Target);
        body["comment"] = Comment(posted.Comment);
        return AwsResult.Json(body);
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_PostCommentForPullRequest.html
    public async Task<AwsResult> PostCommentForPullRequestAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var posted = await comments.PostForPullRequestAsync(
            ctx.Call, json.String("pullRequestId"), json.String("repositoryName"), json.String("beforeCommitId"), json.String("afterCommitId"),
            Location(json), json.String("content"), json.String("clientRequestToken"), ctx.Aborted);
        var body = Target(posted.Target);
        body["comment"] = Comment(posted.Comment);
        return AwsResult.Json(body);
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_PostCommentReply.html
    public async Task<AwsResult> PostCommentReplyAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var reply = await comments.PostReplyAsync(ctx.Call, json.String("inReplyTo"), json.String("content"), json.String("clientRequestToken"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["comment"] = Comment(reply) });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetComment.html
    public async Task<AwsResult> GetCommentAsync(AwsRequestContext ctx)
    {
        var comment = await comments.GetAsync(ctx.Call, ctx.Json.String("commentId"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["comment"] = Comment(comment) });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetCommentsForComparedCommit.html
    public async Task<AwsResult> GetCommentsForComparedCommitAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var page = await comments.GetForComparedCommitAsync(
            ctx.Call, json.String("repositoryName"), json.String("beforeCommitId"), json.String("afterCommitId"),
            CommentRules.CommentPage(json.String("nextToken"), json.Int("maxResults")), ctx.Aborted);
        var body = new JsonObject { ["commentsForComparedCommitData"] = new JsonArray([.. page.Items.Select(Group)]) };
        return AwsResult.Json(body.WithNextToken(page));
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetCommentsForPullRequest.html
    public async Task<AwsResult> GetCommentsForPullRequestAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var page = await comments.GetForPullRequestAsync(
            ctx.Call, json.String("pullRequestId"), json.String("repositoryName"), json.String("beforeCommitId"), json.String("afterCommitId"),
            CommentRules.CommentPage(json.String("nextToken"), json.Int("maxResults")), ctx.Aborted);
        var body = new JsonObject { ["commentsForPullRequestData"] = new JsonArray([.. page.Items.Select(Group)]) };
        return AwsResult.Json(body.WithNextToken(page));
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UpdateComment.html
    public async Task<AwsResult> UpdateCommentAsync(AwsRequestContext ctx)
    {
        var comment = await comments.UpdateAsync(ctx.Call, ctx.Json.String("commentId"), ctx.Json.String("content"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["comment"] = Comment(comment) });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_DeleteCommentContent.html
    public async Task<AwsResult> DeleteCommentContentAsync(AwsRequestContext ctx)
    {
        var comment = await comments.DeleteContentAsync(ctx.Call, ctx.Json.String("commentId"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["comment"] = Comment(comment) });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_PutCommentReaction.html
    public async Task<AwsResult> PutCommentReactionAsync(AwsRequestContext ctx)
    {
        await comments.PutReactionAsync(ctx.Call, ctx.Json.String("commentId"), ctx.Json.String("reactionValue"), ctx.Aborted);
        return AwsResult.Json(new JsonObject());
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetCommentReactions.html
    public async Task<AwsResult> GetCommentReactionsAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var page = await comments.GetReactionsAsync(
            ctx.Call, json.String("commentId"), json.String("reactionUserArn"),
            CommentRules.ReactionPage(json.String("nextToken"), json.Int("maxResults")), ctx.Aborted);
        var body = new JsonObject
        {
            ["reactionsForComment"] = new JsonArray([.. page.Items.Select(r => (JsonNode)new JsonObject
            {
                ["reaction"] = new JsonObject { ["emoji"] = r.Reaction.Emoji, ["shortCode"] = r.Reaction.ShortCode, ["unicode"] = r.Reaction.Unicode },
                ["reactionUsers"] = Strings(r.ReactionUsers),
                ["reactionsFromDeletedUsersCount"] = r.ReactionsFromDeletedUsersCount,
            })]),
        };
        return AwsResult.Json(body.WithNextToken(page));
    }

    private static CommentLocationInput? Location(JsonElement json) =>
        json.Object("location") is { } location
            ? new CommentLocationInput(location.String("filePath"), location.Long("filePosition"), location.String("relativeFileVersion"))
            : null;

    /// <summary>The members of PostCommentFor*Output and CommentsFor*, in the model's order; absent ones omitted.</summary>
    private static JsonObject Target(CommentTarget target)
    {
        var json = new JsonObject();
        AddIfSet(json, "pullRequestId", target.PullRequestId);
        json["repositoryName"] = target.RepositoryName;
        AddIfSet(json, "beforeCommitId", target.BeforeCommitId);
        json["afterCommitId"] = target.AfterCommitId;
        AddIfSet(json, "beforeBlobId", target.BeforeBlobId);
        AddIfSet(json, "afterBlobId", target.AfterBlobId);
        if (target.Location is { } location)
        {
            var node = new JsonObject { ["filePath"] = location.FilePath };
            if (location.FilePosition is { } position)
            {
                node["filePosition"] = position;
            }

            node["relativeFileVersion"] = location.RelativeFileVersion;
            json["location"] = node;
        }

        return json;
    }

    private static JsonNode Group(CommentsOnTarget group)
    {
        var json = Target(group.Target);
        json["comments"] = new JsonArray([.. group.Comments.Select(c => (JsonNode)Comment(c))]);
        return json;
    }

    /// <summary>botocore <c>Comment</c>.</summary>
    private static JsonObject Comment(CommentInfo comment)
    {
        var json = new JsonObject { ["commentId"] = comment.CommentId };
        AddIfSet(json, "content", comment.Content);
        AddIfSet(json, "inReplyTo", comment.InReplyTo);
        json["creationDate"] = Epoch(comment.CreationDate);
        json["lastModifiedDate"] = Epoch(comment.LastModifiedDate);
        json["authorArn"] = comment.AuthorArn;
        json["deleted"] = comment.Deleted;
        AddIfSet(json, "clientRequestToken", comment.ClientRequestToken);
        json["callerReactions"] = Strings(comment.CallerReactions);
        var counts = new JsonObject();
        foreach (var (value, count) in comment.ReactionCounts)
        {
            counts[value] = count;
        }

        json["reactionCounts"] = counts;
        return json;
    }
}
