using System.Text;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// Comments on a pull request made with boto3's CreatePullRequest: a comment on a line of a
/// changed file between the pull request's destination and source commits, a reply, the list by
/// pull request (whole, and filtered by its commits), and the pull request errors.
/// </summary>
public abstract class ApiPullRequestCommentTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task ALineCommentAndItsReply_AreListedByPullRequest_AndNotOnTheComparedCommits()
    {
        // Arrange: main holds first (a.txt with 3 lines), feature adds two lines to a.txt.
        var s = await ScenarioAsync();

        // Act
        var posted = (await Call("PostCommentForPullRequest", new
        {
            pullRequestId = s.PullRequestId,
            repositoryName = s.Name,
            beforeCommitId = s.Destination,
            afterCommitId = s.Source,
            location = new { filePath = "a.txt", filePosition = 4, relativeFileVersion = "AFTER" },
            content = "Is line 4 needed?",
        })).Ok();
        var id = (string)posted["comment"]!["commentId"]!;
        var reply = (await server.RunAwsAsync(server.Root, "codecommit", "post-comment-reply", "--in-reply-to", id, "--content", "Yes.")).Ok()["comment"]!;
        var general = (await server.RunAwsAsync(server.Root, "codecommit", "post-comment-for-pull-request", "--pull-request-id", s.PullRequestId,
            "--repository-name", s.Name, "--before-commit-id", s.Destination, "--after-commit-id", s.Source, "--content", "Thanks!")).Ok();
        var all = (await server.RunAwsAsync(server.Root, "codecommit", "get-comments-for-pull-request", "--pull-request-id", s.PullRequestId)).Ok();
        var filtered = (await Call("GetCommentsForPullRequest", new { pullRequestId = s.PullRequestId, repositoryName = s.Name, beforeCommitId = s.Destination, afterCommitId = s.Source })).Ok();
        var otherWay = (await Call("GetCommentsForPullRequest", new { pullRequestId = s.PullRequestId, repositoryName = s.Name, beforeCommitId = s.Source, afterCommitId = s.Destination })).Ok();
        var onCommits = (await Call("GetCommentsForComparedCommit", new { repositoryName = s.Name, beforeCommitId = s.Destination, afterCommitId = s.Source })).Ok();

        // Assert
        Assert.Equal((s.PullRequestId, s.Name, s.Destination, s.Source), ((string)posted["pullRequestId"], (string)posted["repositoryName"], (string)posted["beforeCommitId"], (string)posted["afterCommitId"]));
        Assert.Equal((s.ABefore, s.AAfter), ((string)posted["beforeBlobId"], (string)posted["afterBlobId"]));
        Assert.Equal(4L, (long)posted["location"]!["filePosition"]);
        Assert.Equal(id, (string)reply["inReplyTo"]);
        Assert.Equal(s.PullRequestId, (string)general["pullRequestId"]);

        var groups = all["commentsForPullRequestData"]!.AsArray();
        Assert.Equal(2, groups.Count);
        Assert.All(groups, g => Assert.Equal(s.PullRequestId, (string)g!["pullRequestId"]));
        var thread = groups.Single(g => g!["location"] is not null)!;
        Assert.Equal(["Is line 4 needed?", "Yes."], thread["comments"]!.AsArray().Select(c => (string)c!["content"]!));
        Assert.Equal(3, filtered["commentsForPullRequestData"]!.AsArray().Sum(g => g!["comments"]!.AsArray().Count));
        Assert.Empty(otherWay["commentsForPullRequestData"]!.AsArray());
        Assert.Empty(onCommits["commentsForComparedCommitData"]!.AsArray());
    }

    [Fact]
    public async Task PullRequestComments_RefuseAnotherRepositoryOtherCommitsAndCallersWithoutTheAction()
    {
        // Arrange
        var s = await ScenarioAsync();
        var other = GitsteadServer.UniqueName("other");
        (await Call("CreateRepository", new { repositoryName = other })).Ok();
        var strangerName = GitsteadServer.UniqueName("stranger");
        await server.CreateUserAsync(strangerName);
        var stranger = await server.CreateAccessKeyAsync(strangerName);
        async Task<string> Post(string repository, string before, string after, string pullRequestId = null) =>
            (await Call("PostCommentForPullRequest", new
            {
                pullRequestId = pullRequestId ?? s.PullRequestId,
                repositoryName = repository,
                beforeCommitId = before,
                afterCommitId = after,
                content = "x",
            })).Failed().Code;

        // Act + Assert
        Assert.Equal("RepositoryNotAssociatedWithPullRequestException", await Post(other, s.Destination, s.Source));
        Assert.Equal("RepositoryNotAssociatedWithPullRequestException",
            (await Call("GetCommentsForPullRequest", new { pullRequestId = s.PullRequestId, repositoryName = other, beforeCommitId = s.Destination, afterCommitId = s.Source })).Failed().Code);
        Assert.Equal("InvalidCommitIdException", await Post(s.Name, s.Source, s.Destination));
        Assert.Equal("BeforeCommitIdAndAfterCommitIdAreSameException", await Post(s.Name, s.Source, s.Source));
        Assert.Equal("PullRequestDoesNotExistException", await Post(s.Name, s.Destination, s.Source, "999999"));
        Assert.Equal("InvalidPullRequestIdException", await Post(s.Name, s.Destination, s.Source, "pr-1"));
        Assert.Equal("RepositoryNameRequiredException",
            (await Call("GetCommentsForPullRequest", new { pullRequestId = s.PullRequestId, beforeCommitId = s.Destination, afterCommitId = s.Source })).Failed().Code);
        Assert.Equal("AccessDeniedException", (await server.Boto3Async(stranger, "codecommit", "GetCommentsForPullRequest", new { pullRequestId = s.PullRequestId })).Failed().Code);
        Assert.Equal("AccessDeniedException", (await server.Boto3Async(stranger, "codecommit", "PostCommentForPullRequest", new
        {
            pullRequestId = s.PullRequestId,
            repositoryName = s.Name,
            beforeCommitId = s.Destination,
            afterCommitId = s.Source,
            content = "x",
        })).Failed().Code);
    }

    /// <summary>
    /// A repository whose main holds a.txt (3 lines), a feature branch that adds two lines to it,
    /// and a pull request from feature to main made with boto3.
    /// </summary>
    private async Task<Scenario> ScenarioAsync()
    {
        var name = GitsteadServer.UniqueName("prcomments");
        (await Call("CreateRepository", new { repositoryName = name })).Ok();
        var first = (string)(await Call("CreateCommit", new { repositoryName = name, branchName = "main", putFiles = new[] { Put("a.txt", "1\n2\n3\n") } })).Ok()["commitId"]!;
        (await Call("CreateBranch", new { repositoryName = name, branchName = "feature", commitId = first })).Ok();
        var second = (string)(await Call("CreateCommit", new { repositoryName = name, branchName = "feature", parentCommitId = first, putFiles = new[] { Put("a.txt", "1\n2\n3\n4\n5\n") } })).Ok()["commitId"]!;
        var pullRequest = (await Call("CreatePullRequest", new
        {
            title = "Two more lines",
            targets = new[] { new { repositoryName = name, sourceReference = "feature", destinationReference = "main" } },
        })).Ok()["pullRequest"]!;
        var target = pullRequest["pullRequestTargets"]![0]!;
        Assert.Equal((first, second), ((string)target["destinationCommit"], (string)target["sourceCommit"]));
        async Task<string> Blob(string commit) =>
            (string)(await Call("GetFile", new { repositoryName = name, commitSpecifier = commit, filePath = "a.txt" })).Ok()["blobId"]!;
        return new Scenario(name, (string)pullRequest["pullRequestId"]!, first, second, await Blob(first), await Blob(second));
    }

    private Task<BotoResult> Call(string operation, object parameters) => server.Boto3Async(server.Root, "codecommit", operation, parameters);

    private static object Put(string path, string content) =>
        new { filePath = path, fileContent = new Dictionary<string, string> { ["$base64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(content)) } };

    private sealed record Scenario(string Name, string PullRequestId, string Destination, string Source, string ABefore, string AAfter);
}

public sealed class ApiPullRequestCommentsOnSqlite(SqliteServer server) : ApiPullRequestCommentTests<SqliteServer>(server);

public sealed class ApiPullRequestCommentsOnPostgres(PostgresServer server) : ApiPullRequestCommentTests<PostgresServer>(server);
