using System.Text;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// Comments on compared commits with boto3 and the aws CLI: general, file and line comments with
/// the blob ids of each side, replies in the thread, pages, edits by the author only, deletions
/// that keep the comment, reactions in their three forms, client request tokens, the modelled
/// errors, each operation's own IAM action, and the repository's KMS key on reads.
/// </summary>
public abstract class ApiCommentTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    private string RootArn => $"arn:aws:iam::{server.AccountId}:root";

    [Fact]
    public async Task GeneralFileAndLineComments_AndAReply_AreListedByLocation_WithEachSidesBlob()
    {
        // Arrange
        var s = await ScenarioAsync();

        // Act
        var general = (await Call("PostCommentForComparedCommit", new { repositoryName = s.Name, beforeCommitId = s.First, afterCommitId = s.Second, content = "Looks good overall" })).Ok();
        var line = (await Call("PostCommentForComparedCommit", new
        {
            repositoryName = s.Name,
            beforeCommitId = s.First,
            afterCommitId = s.Second,
            location = new { filePath = "a.txt", filePosition = 5, relativeFileVersion = "AFTER" },
            content = "Why five?",
            clientRequestToken = "line-token-1",
        })).Ok();
        var removed = (await Call("PostCommentForComparedCommit", new
        {
            repositoryName = s.Name,
            beforeCommitId = s.First,
            afterCommitId = s.Second,
            location = new { filePath = "/old.txt", relativeFileVersion = "BEFORE" },
            content = "Removed on purpose?",
        })).Ok();
        var lineId = (string)line["comment"]!["commentId"]!;
        var reply = (await server.RunAwsAsync(server.Root, "codecommit", "post-comment-reply", "--in-reply-to", lineId, "--content", "Because.",
            "--client-request-token", "reply-token-1")).Ok();
        var listed = (await server.RunAwsAsync(server.Root, "codecommit", "get-comments-for-compared-commit", "--repository-name", s.Name,
            "--before-commit-id", s.First, "--after-commit-id", s.Second)).Ok();
        var got = (await server.RunAwsAsync(server.Root, "codecommit", "get-comment", "--comment-id", lineId)).Ok()["comment"]!;

        // Assert
        Assert.Equal((s.Name, s.First, s.Second), ((string)line["repositoryName"], (string)line["beforeCommitId"], (string)line["afterCommitId"]));
        Assert.Equal((s.ABefore, s.AAfter), ((string)line["beforeBlobId"], (string)line["afterBlobId"]));
        Assert.Equal(("a.txt", 5L, "AFTER"), ((string)line["location"]!["filePath"], (long)line["location"]!["filePosition"], (string)line["location"]!["relativeFileVersion"]));
        Assert.False(general.AsObject().ContainsKey("location") || general.AsObject().ContainsKey("afterBlobId"));
        Assert.Equal(("old.txt", s.OldBefore, "BEFORE"), ((string)removed["location"]!["filePath"], (string)removed["beforeBlobId"], (string)removed["location"]!["relativeFileVersion"]));
        Assert.False(removed.AsObject().ContainsKey("afterBlobId"));
        Assert.True(Guid.TryParse(lineId, out _));
        Assert.Equal((lineId, "Because.", "reply-token-1"), ((string)reply["comment"]!["inReplyTo"], (string)reply["comment"]!["content"], (string)reply["comment"]!["clientRequestToken"]));

        var groups = listed["commentsForComparedCommitData"]!.AsArray();
        Assert.Equal(3, groups.Count);
        var thread = groups.Single(g => (string)g!["location"]?["filePath"] == "a.txt")!;
        Assert.Equal([lineId, (string)reply["comment"]!["commentId"]!], thread["comments"]!.AsArray().Select(c => (string)c!["commentId"]!));
        Assert.Equal(s.AAfter, (string)thread["afterBlobId"]);
        Assert.Equal(["Looks good overall"], groups.Single(g => g!["location"] is null)!["comments"]!.AsArray().Select(c => (string)c!["content"]!));

        Assert.Equal(("Why five?", RootArn, false, "line-token-1"), ((string)got["content"], (string)got["authorArn"], (bool)got["deleted"], (string)got["clientRequestToken"]));
        Assert.False(got.AsObject().ContainsKey("inReplyTo"));
        Assert.Equal((double)got["creationDate"], (double)got["lastModifiedDate"]);
        Assert.InRange((double)got["creationDate"], DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds());
        Assert.Empty(got["callerReactions"]!.AsArray());
        Assert.Empty(got["reactionCounts"]!.AsObject());
    }

    [Fact]
    public async Task CommentsOfAComparison_ComeAPageAtATime_AndAnInitialCommitTakesCommentsWithoutABefore()
    {
        // Arrange
        var s = await ScenarioAsync();
        var posted = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            posted.Add((string)(await Call("PostCommentForComparedCommit", new { repositoryName = s.Name, beforeCommitId = s.First, afterCommitId = s.Second, content = $"c{i}" })).Ok()["comment"]!["commentId"]!);
        }

        var initial = (await Call("PostCommentForComparedCommit", new { repositoryName = s.Name, afterCommitId = s.First, content = "first!" })).Ok();

        // Act
        var seen = new List<string>();
        string token = null;
        var pages = 0;
        do
        {
            var request = new Dictionary<string, object> { ["repositoryName"] = s.Name, ["beforeCommitId"] = s.First, ["afterCommitId"] = s.Second, ["maxResults"] = 2 };
            if (token is not null)
            {
                request["nextToken"] = token;
            }

            var page = (await Call("GetCommentsForComparedCommit", request)).Ok();
            seen.AddRange(page["commentsForComparedCommitData"]!.AsArray().SelectMany(g => g!["comments"]!.AsArray()).Select(c => (string)c!["commentId"]!));
            token = (string)page["nextToken"];
            pages++;
        }
        while (token is not null);
        var onInitial = (await Call("GetCommentsForComparedCommit", new { repositoryName = s.Name, afterCommitId = s.First })).Ok();
        var onOther = (await Call("GetCommentsForComparedCommit", new { repositoryName = s.Name, beforeCommitId = s.Second, afterCommitId = s.First })).Ok();

        // Assert
        Assert.Equal(posted, seen);
        Assert.Equal(3, pages);
        Assert.False(initial.AsObject().ContainsKey("beforeCommitId"));
        var initialGroup = onInitial["commentsForComparedCommitData"]!.AsArray().Single()!;
        Assert.Equal("first!", (string)initialGroup["comments"]![0]!["content"]!);
        Assert.Empty(onOther["commentsForComparedCommitData"]!.AsArray());
    }

    [Fact]
    public async Task InvalidRequests_AreRefusedWithCodeCommitsModelledExceptions()
    {
        var s = await ScenarioAsync();
        async Task<string> Post(object location = null, string content = "x", string before = null, string after = null, string repository = null)
        {
            var request = new Dictionary<string, object>
            {
                ["repositoryName"] = repository ?? s.Name,
                ["beforeCommitId"] = before ?? s.First,
                ["afterCommitId"] = after ?? s.Second,
                ["content"] = content,
            };
            if (location is not null)
            {
                request["location"] = location;
            }

            return (await Call("PostCommentForComparedCommit", request)).Failed().Code;
        }

        Assert.Equal("CommentContentRequiredException", await Post(content: ""));
        Assert.Equal("CommentContentSizeLimitExceededException", await Post(content: new string('x', 10_241)));
        (await Call("PostCommentForComparedCommit", new { repositoryName = s.Name, beforeCommitId = s.First, afterCommitId = s.Second, content = new string('é', 10_240) })).Ok();
        Assert.Equal("BeforeCommitIdAndAfterCommitIdAreSameException", await Post(before: s.Second));
        Assert.Equal("InvalidCommitIdException", await Post(after: "abc123"));
        Assert.Equal("CommitDoesNotExistException", await Post(after: new string('e', 40)));
        Assert.Equal("CommitIdRequiredException",
            (await Call("PostCommentForComparedCommit", new { repositoryName = s.Name, afterCommitId = s.Second, content = "x" })).Failed().Code);
        Assert.Equal("RepositoryDoesNotExistException", await Post(repository: "no-such-repo"));
        Assert.Equal("InvalidRepositoryNameException", await Post(repository: "bad name!"));
        Assert.Equal("PathDoesNotExistException", await Post(new { filePath = "nope.txt", relativeFileVersion = "AFTER" }));
        Assert.Equal("PathDoesNotExistException", await Post(new { filePath = "old.txt", relativeFileVersion = "AFTER" }));
        Assert.Equal("InvalidFilePositionException", await Post(new { filePath = "a.txt", filePosition = 6, relativeFileVersion = "AFTER" }));
        Assert.Equal("InvalidFilePositionException", await Post(new { filePath = "a.txt", filePosition = 4, relativeFileVersion = "BEFORE" }));
        Assert.Equal("InvalidFilePositionException", await Post(new { filePath = "a.txt", filePosition = 0, relativeFileVersion = "AFTER" }));
        Assert.Equal("InvalidRelativeFileVersionEnumException", await Post(new { filePath = "a.txt", relativeFileVersion = "SIDEWAYS" }));
        Assert.Equal("InvalidFileLocationException", await Post(new { filePath = "dir", relativeFileVersion = "AFTER" }));
        Assert.Equal("PathRequiredException", await Post(new { filePosition = 1, relativeFileVersion = "AFTER" }));
        Assert.Equal("InvalidPathException", await Post(new { filePath = "dir/../a.txt", relativeFileVersion = "AFTER" }));
        Assert.Equal("InvalidRelativeFileVersionEnumException",
            (await Call("PostCommentForComparedCommit", new { repositoryName = s.Name, afterCommitId = s.First, location = new { filePath = "a.txt", relativeFileVersion = "BEFORE" }, content = "x" })).Failed().Code);
        (await Call("PostCommentForComparedCommit", new { repositoryName = s.Name, beforeCommitId = s.First, afterCommitId = s.Second, location = new { filePath = "dir/x.txt", filePosition = 1, relativeFileVersion = "AFTER" }, content = "ok" })).Ok();

        Assert.Equal("InvalidCommentIdException", (await Call("GetComment", new { commentId = "not-a-comment" })).Failed().Code);
        Assert.Equal("CommentDoesNotExistException", (await Call("GetComment", new { commentId = Guid.NewGuid().ToString() })).Failed().Code);
        Assert.Equal("CommentIdRequiredException", (await Call("UpdateComment", new { commentId = "", content = "x" })).Failed().Code);
        Assert.Equal("CommentDoesNotExistException", (await Call("PostCommentReply", new { inReplyTo = Guid.NewGuid().ToString(), content = "x" })).Failed().Code);
        Assert.Equal("InvalidMaxResultsException", (await Call("GetCommentsForComparedCommit", new { repositoryName = s.Name, afterCommitId = s.Second, maxResults = 501 })).Failed().Code);
        Assert.Equal("InvalidMaxResultsException", (await Call("GetCommentsForComparedCommit", new { repositoryName = s.Name, afterCommitId = s.Second, maxResults = 0 })).Failed().Code);
        Assert.Equal("InvalidContinuationTokenException", (await Call("GetCommentsForComparedCommit", new { repositoryName = s.Name, afterCommitId = s.Second, nextToken = "garbage" })).Failed().Code);
        Assert.Equal("CommitDoesNotExistException", (await Call("GetCommentsForComparedCommit", new { repositoryName = s.Name, afterCommitId = new string('f', 40) })).Failed().Code);
        Assert.Equal("InvalidPullRequestIdException", (await Call("GetCommentsForPullRequest", new { pullRequestId = "abc" })).Failed().Code);
        Assert.Equal("PullRequestDoesNotExistException", (await Call("GetCommentsForPullRequest", new { pullRequestId = "987654" })).Failed().Code);
        Assert.Equal("CommitIdRequiredException", (await Call("GetCommentsForPullRequest", new { pullRequestId = "987654", repositoryName = s.Name })).Failed().Code);
        Assert.Equal("PullRequestDoesNotExistException", (await Call("PostCommentForPullRequest", new
        {
            pullRequestId = "987654",
            repositoryName = s.Name,
            beforeCommitId = s.First,
            afterCommitId = s.Second,
            content = "x",
        })).Failed().Code);
    }

    [Fact]
    public async Task ClientRequestToken_ARetryGetsTheSameComment_AndAChangedRequestIsRefused()
    {
        // Arrange
        var s = await ScenarioAsync();
        object Request(string content) => new { repositoryName = s.Name, beforeCommitId = s.First, afterCommitId = s.Second, content, clientRequestToken = "idem-1" };

        // Act
        var first = (await Call("PostCommentForComparedCommit", Request("once"))).Ok();
        var retry = (await Call("PostCommentForComparedCommit", Request("once"))).Ok();
        var changed = await Call("PostCommentForComparedCommit", Request("twice"));
        var tokenless = (await Call("PostCommentForComparedCommit", new { repositoryName = s.Name, beforeCommitId = s.First, afterCommitId = s.Second, content = "auto" })).Ok();
        var replyRetry = (await server.RunAwsAsync(server.Root, "codecommit", "post-comment-reply", "--in-reply-to", (string)first["comment"]!["commentId"]!, "--content", "r",
            "--client-request-token", "idem-1")).ErrorCode;
        var listed = (await Call("GetCommentsForComparedCommit", new { repositoryName = s.Name, beforeCommitId = s.First, afterCommitId = s.Second })).Ok();

        // Assert
        Assert.Equal((string)first["comment"]!["commentId"]!, (string)retry["comment"]!["commentId"]!);
        Assert.Equal("IdempotencyParameterMismatchException", changed.Failed().Code);
        Assert.Equal("IdempotencyParameterMismatchException", replyRetry);
        Assert.False(string.IsNullOrEmpty((string)tokenless["comment"]!["clientRequestToken"]), "boto3 fills in an idempotency token of its own");
        Assert.Equal(["once", "auto"], listed["commentsForComparedCommitData"]!.AsArray().SelectMany(g => g!["comments"]!.AsArray()).Select(c => (string)c!["content"]!));
    }

    [Fact]
    public async Task UpdateByTheAuthorOnly_DeleteKeepsTheCommentWithoutContent_AndEachOperationChecksItsAction()
    {
        // Arrange
        var s = await ScenarioAsync();
        var (power, powerArn) = await UserAsync("power", GitSteps.PowerUser);
        var (stranger, _) = await UserAsync("stranger");
        var rootComment = (string)(await Call("PostCommentForComparedCommit", new { repositoryName = s.Name, beforeCommitId = s.First, afterCommitId = s.Second, content = "by root" })).Ok()["comment"]!["commentId"]!;
        var powerComment = (await server.Boto3Async(power, "codecommit", "PostCommentForComparedCommit", new { repositoryName = s.Name, beforeCommitId = s.First, afterCommitId = s.Second, content = "by power" })).Ok()["comment"]!;
        var powerId = (string)powerComment["commentId"]!;

        // Act
        var notTheirs = await server.Boto3Async(power, "codecommit", "UpdateComment", new { commentId = rootComment, content = "hijack" });
        var updated = (await server.RunAwsAsync(power, "codecommit", "update-comment", "--comment-id", powerId, "--content", "by power, edited")).Ok()["comment"]!;
        var powerCannotDelete = await server.Boto3Async(power, "codecommit", "DeleteCommentContent", new { commentId = rootComment });
        var deleted = (await server.RunAwsAsync(server.Root, "codecommit", "delete-comment-content", "--comment-id", powerId)).Ok()["comment"]!;
        var afterDelete = (await Call("GetComment", new { commentId = powerId })).Ok()["comment"]!;
        var listed = (await Call("GetCommentsForComparedCommit", new { repositoryName = s.Name, beforeCommitId = s.First, afterCommitId = s.Second })).Ok();

        // Assert
        Assert.Equal("CommentNotCreatedByCallerException", notTheirs.Failed().Code);
        Assert.Equal(("by power, edited", powerArn), ((string)updated["content"], (string)updated["authorArn"]));
        Assert.True((double)updated["lastModifiedDate"] >= DateTimeOffset.Parse((string)powerComment["creationDate"]!).ToUnixTimeMilliseconds() / 1000.0);
        Assert.Equal("AccessDeniedException", powerCannotDelete.Failed().Code); // AWSCodeCommitPowerUser has no DeleteCommentContent
        Assert.True((bool)deleted["deleted"]);
        Assert.False(deleted.AsObject().ContainsKey("content"));
        Assert.True((bool)afterDelete["deleted"]);
        Assert.False(afterDelete.AsObject().ContainsKey("content"));
        Assert.Contains(listed["commentsForComparedCommitData"]![0]!["comments"]!.AsArray(), c => (string)c!["commentId"]! == powerId && (bool)c["deleted"]!);
        Assert.Equal("CommentDeletedException", (await server.Boto3Async(power, "codecommit", "UpdateComment", new { commentId = powerId, content = "again" })).Failed().Code);
        Assert.Equal("CommentDeletedException", (await Call("DeleteCommentContent", new { commentId = powerId })).Failed().Code);
        Assert.Equal("CommentDeletedException", (await Call("PutCommentReaction", new { commentId = powerId, reactionValue = ":thumbsup:" })).Failed().Code);
        Assert.Equal("CommentDeletedException", (await Call("GetCommentReactions", new { commentId = powerId })).Failed().Code);

        foreach (var (operation, parameters) in new (string, object)[]
        {
            ("PostCommentForComparedCommit", new { repositoryName = s.Name, beforeCommitId = s.First, afterCommitId = s.Second, content = "x" }),
            ("GetCommentsForComparedCommit", new { repositoryName = s.Name, afterCommitId = s.Second }),
            ("GetComment", new { commentId = rootComment }),
            ("PostCommentReply", new { inReplyTo = rootComment, content = "x" }),
            ("UpdateComment", new { commentId = rootComment, content = "x" }),
            ("DeleteCommentContent", new { commentId = rootComment }),
            ("PutCommentReaction", new { commentId = rootComment, reactionValue = ":thumbsup:" }),
            ("GetCommentReactions", new { commentId = rootComment }),
        })
        {
            var denied = (await server.Boto3Async(stranger, "codecommit", operation, parameters)).Failed();
            Assert.Equal(("AccessDeniedException", operation), (denied.Code, operation));
            Assert.Contains($"codecommit:{operation}", denied.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reactions_OnePerUserInAnyForm_CountedOnTheComment_AndDeletedUsersOnlyCounted()
    {
        // Arrange
        var s = await ScenarioAsync();
        var id = (string)(await Call("PostCommentForComparedCommit", new { repositoryName = s.Name, beforeCommitId = s.First, afterCommitId = s.Second, content = "react to me" })).Ok()["comment"]!["commentId"]!;
        var (alice, aliceArn) = await UserAsync("alice", GitSteps.PowerUser);
        var (bob, bobArn) = await UserAsync("bob", GitSteps.PowerUser);

        // Act
        (await server.RunAwsAsync(server.Root, "codecommit", "put-comment-reaction", "--comment-id", id, "--reaction-value", ":thumbsup:")).Ok();
        (await server.Boto3Async(alice, "codecommit", "PutCommentReaction", new { commentId = id, reactionValue = "U+1F44D" })).Ok();
        (await server.Boto3Async(bob, "codecommit", "PutCommentReaction", new { commentId = id, reactionValue = "\U0001F44E" })).Ok();
        (await server.Boto3Async(bob, "codecommit", "PutCommentReaction", new { commentId = id, reactionValue = ":tada:" })).Ok();
        var all = (await server.RunAwsAsync(server.Root, "codecommit", "get-comment-reactions", "--comment-id", id)).Ok()["reactionsForComment"]!.AsArray();
        var asAlice = (await server.Boto3Async(alice, "codecommit", "GetComment", new { commentId = id })).Ok()["comment"]!;
        var onlyBob = (await Call("GetCommentReactions", new { commentId = id, reactionUserArn = bobArn })).Ok()["reactionsForComment"]!.AsArray();
        (await Call("PutCommentReaction", new { commentId = id, reactionValue = "none" })).Ok();
        var afterRemoval = (await Call("GetComment", new { commentId = id })).Ok()["comment"]!;
        await DeleteUserAsync(bob);
        var afterBobLeft = (await Call("GetCommentReactions", new { commentId = id })).Ok()["reactionsForComment"]!.AsArray();

        // Assert
        Assert.Equal(2, all.Count);
        Assert.Equal(("\U0001F44D", ":thumbsup:", "U+1F44D"), ((string)all[0]!["reaction"]!["emoji"], (string)all[0]!["reaction"]!["shortCode"], (string)all[0]!["reaction"]!["unicode"]));
        Assert.Equal(new[] { RootArn, aliceArn }.Order(StringComparer.Ordinal), all[0]!["reactionUsers"]!.AsArray().Select(u => (string)u!).Order(StringComparer.Ordinal));
        Assert.Equal((":tada:", bobArn), ((string)all[1]!["reaction"]!["shortCode"], (string)all[1]!["reactionUsers"]![0]!));
        Assert.Equal(0, (int)all[1]!["reactionsFromDeletedUsersCount"]!);
        Assert.Equal([":thumbsup:"], asAlice["callerReactions"]!.AsArray().Select(r => (string)r!));
        Assert.Equal((2, 1), ((int)asAlice["reactionCounts"]![":thumbsup:"]!, (int)asAlice["reactionCounts"]![":tada:"]!));
        Assert.Equal([bobArn], onlyBob.SelectMany(r => r!["reactionUsers"]!.AsArray()).Select(u => (string)u!));
        Assert.Empty(afterRemoval["callerReactions"]!.AsArray());
        Assert.Equal(1, (int)afterRemoval["reactionCounts"]![":thumbsup:"]!);
        var tada = afterBobLeft.Single(r => (string)r!["reaction"]!["shortCode"] == ":tada:")!;
        Assert.Empty(tada["reactionUsers"]!.AsArray());
        Assert.Equal(1, (int)tada["reactionsFromDeletedUsersCount"]!);
        Assert.Equal("InvalidReactionValueException", (await Call("PutCommentReaction", new { commentId = id, reactionValue = ":poop:" })).Failed().Code);
        Assert.Equal("InvalidReactionUserArnException", (await Call("GetCommentReactions", new { commentId = id, reactionUserArn = "alice" })).Failed().Code);
        Assert.Equal("InvalidMaxResultsException", (await Call("GetCommentReactions", new { commentId = id, maxResults = 1001 })).Failed().Code);
    }

    [Fact]
    public async Task ADisabledRepositoryKey_StopsReadingComments_WithEncryptionKeyDisabledException()
    {
        // Arrange
        var keyId = (string)(await server.Boto3Async(server.Root, "kms", "CreateKey", new { Description = "comments" })).Ok()["KeyMetadata"]!["KeyId"]!;
        var s = await ScenarioAsync(keyId);
        var id = (string)(await Call("PostCommentForComparedCommit", new { repositoryName = s.Name, beforeCommitId = s.First, afterCommitId = s.Second, content = "secret" })).Ok()["comment"]!["commentId"]!;

        // Act
        (await server.Boto3Async(server.Root, "kms", "DisableKey", new { KeyId = keyId })).Ok();
        var get = await Call("GetComment", new { commentId = id });
        var list = await Call("GetCommentsForComparedCommit", new { repositoryName = s.Name, beforeCommitId = s.First, afterCommitId = s.Second });
        var post = await Call("PostCommentForComparedCommit", new { repositoryName = s.Name, beforeCommitId = s.First, afterCommitId = s.Second, content = "more" });
        (await server.Boto3Async(server.Root, "kms", "EnableKey", new { KeyId = keyId })).Ok();
        var again = await Call("GetComment", new { commentId = id });

        // Assert
        Assert.Equal("EncryptionKeyDisabledException", get.Failed().Code);
        Assert.Equal("EncryptionKeyDisabledException", list.Failed().Code);
        Assert.Equal("EncryptionKeyDisabledException", post.Failed().Code);
        Assert.Equal("secret", (string)again.Ok()["comment"]!["content"]!);
    }

    /// <summary>
    /// A repository with two commits made by CreateCommit: first has a.txt (3 lines), old.txt and
    /// dir/x.txt; second has a.txt with 5 lines, new.txt, and no old.txt.
    /// </summary>
    private async Task<Scenario> ScenarioAsync(string kmsKeyId = null)
    {
        var name = GitsteadServer.UniqueName("comments");
        (await Call("CreateRepository", kmsKeyId is null ? new { repositoryName = name } : (object)new { repositoryName = name, kmsKeyId })).Ok();
        var first = (string)(await Call("CreateCommit", new
        {
            repositoryName = name,
            branchName = "main",
            putFiles = new object[] { Put("a.txt", "1\n2\n3\n"), Put("old.txt", "old\n"), Put("dir/x.txt", "x\n") },
        })).Ok()["commitId"]!;
        var second = (string)(await Call("CreateCommit", new
        {
            repositoryName = name,
            branchName = "main",
            parentCommitId = first,
            putFiles = new object[] { Put("a.txt", "1\n2\n3\n4\n5"), Put("new.txt", "new\n") },
            deleteFiles = new object[] { new { filePath = "old.txt" } },
        })).Ok()["commitId"]!;
        async Task<string> Blob(string commit, string path) =>
            (string)(await Call("GetFile", new { repositoryName = name, commitSpecifier = commit, filePath = path })).Ok()["blobId"]!;
        return new Scenario(name, first, second, await Blob(first, "a.txt"), await Blob(second, "a.txt"), await Blob(first, "old.txt"));
    }

    private async Task<(Credentials Keys, string Arn)> UserAsync(string prefix, params string[] policies)
    {
        var name = GitsteadServer.UniqueName(prefix);
        var arn = (string)(await server.CreateUserAsync(name))["Arn"]!;
        foreach (var policy in policies)
        {
            (await server.RunAwsAsync(server.Root, "iam", "attach-user-policy", "--user-name", name, "--policy-arn", policy)).Ok();
        }

        return (await server.CreateAccessKeyAsync(name), arn);
    }

    private async Task DeleteUserAsync(Credentials keys)
    {
        var name = (string)(await server.Boto3Async(keys, "sts", "GetCallerIdentity")).Ok()["Arn"]!;
        name = name[(name.LastIndexOf('/') + 1)..];
        (await server.Boto3Async(server.Root, "iam", "DetachUserPolicy", new { UserName = name, PolicyArn = GitSteps.PowerUser })).Ok();
        (await server.Boto3Async(server.Root, "iam", "DeleteAccessKey", new { UserName = name, AccessKeyId = keys.AccessKeyId })).Ok();
        (await server.Boto3Async(server.Root, "iam", "DeleteUser", new { UserName = name })).Ok();
    }

    private Task<BotoResult> Call(string operation, object parameters) => server.Boto3Async(server.Root, "codecommit", operation, parameters);

    private static object Put(string path, string content) =>
        new { filePath = path, fileContent = new Dictionary<string, string> { ["$base64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(content)) } };

    private sealed record Scenario(string Name, string First, string Second, string ABefore, string AAfter, string OldBefore);
}

public sealed class ApiCommentsOnSqlite(SqliteServer server) : ApiCommentTests<SqliteServer>(server);

public sealed class ApiCommentsOnPostgres(PostgresServer server) : ApiCommentTests<PostgresServer>(server);
