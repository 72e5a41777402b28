using System.Text;
using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// Pull requests with the aws CLI and boto3: creation and its refusals, reads, lists, title,
/// description and status, the event history, new revisions when the source moves, the three
/// merges (with the checks CodeCommit makes first), a merge made by a plain git push (recorded at
/// the push, with the pusher), authors and actors that are not in the account, and each
/// operation's own IAM action.
/// </summary>
public abstract class ApiPullRequestTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    private string RootArn => $"arn:aws:iam::{server.AccountId}:root";

    [Fact]
    public async Task APullRequest_IsCreatedReadListedUpdatedClosedAndReopened_WithItsHistory()
    {
        // Arrange
        var s = await ScenarioAsync("prlife");

        // Act
        var created = (await server.RunAwsAsync(server.Root, "codecommit", "create-pull-request", "--title", "Add b", "--description", "Adds b.txt",
            "--targets", $"repositoryName={s.Name},sourceReference=feature", "--client-request-token", "tok-1")).Ok()["pullRequest"]!;
        var id = (string)created["pullRequestId"]!;
        var again = (await Call("CreatePullRequest", new { title = "Add b", description = "Adds b.txt", clientRequestToken = "tok-1", targets = new[] { new { repositoryName = s.Name, sourceReference = "feature" } } })).Ok()["pullRequest"]!;
        var mismatch = (await Call("CreatePullRequest", new { title = "Other", clientRequestToken = "tok-1", targets = new[] { new { repositoryName = s.Name, sourceReference = "feature" } } })).Failed();
        var got = (await Call("GetPullRequest", new { pullRequestId = id })).Ok()["pullRequest"]!;
        var titled = (await Call("UpdatePullRequestTitle", new { pullRequestId = id, title = "Add b.txt" })).Ok()["pullRequest"]!;
        var described = (await Call("UpdatePullRequestDescription", new { pullRequestId = id, description = "Now with b" })).Ok()["pullRequest"]!;
        var open = (await Call("ListPullRequests", new { repositoryName = s.Name, pullRequestStatus = "OPEN", authorArn = RootArn })).Ok();
        var closed = (await server.RunAwsAsync(server.Root, "codecommit", "update-pull-request-status", "--pull-request-id", id, "--pull-request-status", "CLOSED")).Ok()["pullRequest"]!;
        var closedTitle = (await Call("UpdatePullRequestTitle", new { pullRequestId = id, title = "x" })).Failed();
        var closeAgain = (await Call("UpdatePullRequestStatus", new { pullRequestId = id, pullRequestStatus = "CLOSED" })).Failed();
        var noneOpen = (await Call("ListPullRequests", new { repositoryName = s.Name, pullRequestStatus = "OPEN" })).Ok();
        var reopened = (await Call("UpdatePullRequestStatus", new { pullRequestId = id, pullRequestStatus = "OPEN" })).Ok()["pullRequest"]!;
        var events = (await server.RunAwsAsync(server.Root, "codecommit", "describe-pull-request-events", "--pull-request-id", id)).Ok()["pullRequestEvents"]!.AsArray();
        var statusOnly = (await Call("DescribePullRequestEvents", new { pullRequestId = id, pullRequestEventType = "PULL_REQUEST_STATUS_CHANGED", maxResults = 1 })).Ok();
        var secondPage = (await Call("DescribePullRequestEvents", new { pullRequestId = id, pullRequestEventType = "PULL_REQUEST_STATUS_CHANGED", nextToken = (string)statusOnly["nextToken"]! })).Ok();
        var otherActor = (await Call("DescribePullRequestEvents", new { pullRequestId = id, actorArn = (await UserAsync("pridle")).Arn })).Ok();

        // Assert
        Assert.True(long.TryParse(id, out _), id);
        Assert.Equal(("Add b", "Adds b.txt", "OPEN", RootArn, "tok-1"), ((string)created["title"], (string)created["description"], (string)created["pullRequestStatus"], (string)created["authorArn"], (string)created["clientRequestToken"]));
        var target = created["pullRequestTargets"]![0]!;
        Assert.Equal((s.Name, "refs/heads/feature", "refs/heads/main", s.Feature, s.Main, s.Main),
            ((string)target["repositoryName"], (string)target["sourceReference"], (string)target["destinationReference"], (string)target["sourceCommit"], (string)target["destinationCommit"], (string)target["mergeBase"]));
        Assert.False((bool)target["mergeMetadata"]!["isMerged"]!);
        Assert.Matches("^[0-9a-f]{64}$", (string)created["revisionId"]);
        Assert.Empty(created["approvalRules"]!.AsArray());
        Assert.Equal(id, (string)again["pullRequestId"]);
        Assert.Equal("IdempotencyParameterMismatchException", mismatch.Code);
        Assert.Equal((id, (string)created["revisionId"], target.ToJsonString()), ((string)got["pullRequestId"], (string)got["revisionId"], got["pullRequestTargets"]![0]!.ToJsonString()));
        Assert.Equal(("Add b.txt", "Now with b"), ((string)titled["title"], (string)described["description"]));
        Assert.Equal([id], open["pullRequestIds"]!.AsArray().Select(i => (string)i!));
        Assert.Equal("CLOSED", (string)closed["pullRequestStatus"]);
        Assert.Equal(("PullRequestAlreadyClosedException", "InvalidPullRequestStatusUpdateException"), (closedTitle.Code, closeAgain.Code));
        Assert.Empty(noneOpen["pullRequestIds"]!.AsArray());
        Assert.Equal("OPEN", (string)reopened["pullRequestStatus"]);
        Assert.Equal(["PULL_REQUEST_CREATED", "PULL_REQUEST_STATUS_CHANGED", "PULL_REQUEST_STATUS_CHANGED"], events.Select(e => (string)e!["pullRequestEventType"]!));
        Assert.Equal((s.Name, s.Feature, s.Main), ((string)events[0]!["pullRequestCreatedEventMetadata"]!["repositoryName"], (string)events[0]!["pullRequestCreatedEventMetadata"]!["sourceCommitId"], (string)events[0]!["pullRequestCreatedEventMetadata"]!["destinationCommitId"]));
        Assert.All(events, e => Assert.Equal(RootArn, (string)e!["actorArn"]));
        Assert.Equal("CLOSED", (string)statusOnly["pullRequestEvents"]![0]!["pullRequestStatusChangedEventMetadata"]!["pullRequestStatus"]);
        Assert.Single(statusOnly["pullRequestEvents"]!.AsArray());
        Assert.Equal("OPEN", (string)secondPage["pullRequestEvents"]![0]!["pullRequestStatusChangedEventMetadata"]!["pullRequestStatus"]);
        Assert.Null(secondPage["nextToken"]);
        Assert.Empty(otherActor["pullRequestEvents"]!.AsArray());
    }

    [Fact]
    public async Task AnAuthorOrActorNotInTheAccount_IsAuthorOrActorDoesNotExistException()
    {
        // Arrange
        var s = await ScenarioAsync("prwho");
        var id = await CreateAsync(s.Name, "feature");
        var (_, userArn) = await UserAsync("prwho");
        var missing = $"arn:aws:iam::{server.AccountId}:user/{GitsteadServer.UniqueName("ghost")}";
        var otherAccount = $"arn:aws:iam::{(server.AccountId == "111111111111" ? "222222222222" : "111111111111")}:root";

        // Act
        var byMissing = (await Call("ListPullRequests", new { repositoryName = s.Name, authorArn = missing })).Failed();
        var byOtherAccount = (await Call("ListPullRequests", new { repositoryName = s.Name, authorArn = otherAccount })).Failed();
        var byUser = (await Call("ListPullRequests", new { repositoryName = s.Name, authorArn = userArn })).Ok();
        var byRoot = (await Call("ListPullRequests", new { repositoryName = s.Name, authorArn = RootArn })).Ok();
        var actorMissing = (await Call("DescribePullRequestEvents", new { pullRequestId = id, actorArn = missing })).Failed();
        var actorUser = (await Call("DescribePullRequestEvents", new { pullRequestId = id, actorArn = userArn })).Ok();
        var actorWrongCase = (await Call("DescribePullRequestEvents", new { pullRequestId = id, actorArn = userArn.ToUpperInvariant().Replace("ARN:AWS:IAM::", "arn:aws:iam::", StringComparison.Ordinal).Replace(":USER/", ":user/", StringComparison.Ordinal) })).Ok();

        // Assert
        Assert.Equal(("AuthorDoesNotExistException", "AuthorDoesNotExistException"), (byMissing.Code, byOtherAccount.Code));
        Assert.Contains(missing, byMissing.Message, StringComparison.Ordinal);
        Assert.Empty(byUser["pullRequestIds"]!.AsArray());
        Assert.Equal([id], byRoot["pullRequestIds"]!.AsArray().Select(i => (string)i!));
        Assert.Equal("ActorDoesNotExistException", actorMissing.Code);
        Assert.Empty(actorUser["pullRequestEvents"]!.AsArray());
        Assert.Empty(actorWrongCase["pullRequestEvents"]!.AsArray());
    }

    [Fact]
    public async Task CreatePullRequest_RefusesWhatCodeCommitRefuses()
    {
        // Arrange
        var s = await ScenarioAsync("prrefuse");
        var other = GitsteadServer.UniqueName("prother");
        (await Call("CreateRepository", new { repositoryName = other })).Ok();
        (await Call("CreateBranch", new { repositoryName = s.Name, branchName = "behind", commitId = s.Main })).Ok();
        async Task<string> Create(object targets, string title = "t", string description = null) =>
            (await Call("CreatePullRequest", description is null ? new { title, targets } : new { title, description, targets })).Failed().Code;
        object One(string source, string destination = "main", string name = null) => new[] { new { repositoryName = name ?? s.Name, sourceReference = source, destinationReference = destination } };

        // Act + Assert
        Assert.Equal("SourceAndDestinationAreSameException", await Create(One("main")));
        Assert.Equal("SourceAndDestinationAreSameException", await Create(One("behind")));
        Assert.Equal("ReferenceDoesNotExistException", await Create(One("nope")));
        Assert.Equal("ReferenceTypeNotSupportedException", await Create(One("refs/tags/v1")));
        Assert.Equal("MultipleRepositoriesInPullRequestException", await Create(new[]
        {
            new { repositoryName = s.Name, sourceReference = "feature" },
            new { repositoryName = other, sourceReference = "feature" },
        }));
        Assert.Equal("TitleRequiredException", await Create(One("feature"), title: ""));
        Assert.Equal("InvalidTitleException", await Create(One("feature"), title: new string('t', 151)));
        Assert.Equal("InvalidDescriptionException", await Create(One("feature"), description: new string('d', 10_241)));
        Assert.Equal("RepositoryDoesNotExistException", await Create(One("feature", name: GitsteadServer.UniqueName("missing"))));
        Assert.Equal("PullRequestDoesNotExistException", (await Call("GetPullRequest", new { pullRequestId = "99999999" })).Failed().Code);
        Assert.Equal("InvalidPullRequestIdException", (await Call("GetPullRequest", new { pullRequestId = "abc" })).Failed().Code);
        Assert.Equal("InvalidPullRequestStatusException", (await Call("ListPullRequests", new { repositoryName = s.Name, pullRequestStatus = "MERGED" })).Failed().Code);
    }

    [Fact]
    public async Task MergeByFastForward_ChecksTheTipAndRepository_ClosesThePullRequestAsMerged()
    {
        // Arrange
        var s = await ScenarioAsync("prff");
        var id = await CreateAsync(s.Name, "feature");

        // Act
        var wrongTip = (await Call("MergePullRequestByFastForward", new { pullRequestId = id, repositoryName = s.Name, sourceCommitId = s.Main })).Failed();
        var wrongRepository = (await Call("MergePullRequestByFastForward", new { pullRequestId = id, repositoryName = GitsteadServer.UniqueName("elsewhere") })).Failed();
        var merged = (await server.RunAwsAsync(server.Root, "codecommit", "merge-pull-request-by-fast-forward", "--pull-request-id", id, "--repository-name", s.Name,
            "--source-commit-id", s.Feature)).Ok()["pullRequest"]!;
        var main = (await Call("GetBranch", new { repositoryName = s.Name, branchName = "main" })).Ok()["branch"]!;
        var again = (await Call("MergePullRequestByFastForward", new { pullRequestId = id, repositoryName = s.Name })).Failed();
        var reopen = (await Call("UpdatePullRequestStatus", new { pullRequestId = id, pullRequestStatus = "OPEN" })).Failed();
        var events = (await Call("DescribePullRequestEvents", new { pullRequestId = id, pullRequestEventType = "PULL_REQUEST_MERGE_STATE_CHANGED" })).Ok()["pullRequestEvents"]!.AsArray();

        // Assert
        Assert.Equal("TipOfSourceReferenceIsDifferentException", wrongTip.Code);
        Assert.Equal("RepositoryNotAssociatedWithPullRequestException", wrongRepository.Code);
        Assert.Equal("CLOSED", (string)merged["pullRequestStatus"]);
        var metadata = merged["pullRequestTargets"]![0]!["mergeMetadata"]!;
        Assert.Equal((true, RootArn, s.Feature, "FAST_FORWARD_MERGE"), ((bool)metadata["isMerged"], (string)metadata["mergedBy"], (string)metadata["mergeCommitId"], (string)metadata["mergeOption"]));
        Assert.Equal(s.Feature, (string)main["commitId"]);
        Assert.Equal(("PullRequestAlreadyClosedException", "InvalidPullRequestStatusUpdateException"), (again.Code, reopen.Code));
        var merge = Assert.Single(events)!["pullRequestMergedStateChangedEventMetadata"]!;
        Assert.Equal(("refs/heads/main", true, "FAST_FORWARD_MERGE"), ((string)merge["destinationReference"], (bool)merge["mergeMetadata"]!["isMerged"], (string)merge["mergeMetadata"]!["mergeOption"]));
    }

    [Fact]
    public async Task SquashAndThreeWayMerges_MakeTheirCommits_AndAConflictIsManualMergeRequired()
    {
        // Arrange: main changes a.txt after feature branched; "conflict" changes a.txt too.
        var s = await ScenarioAsync("prmerge");
        await CommitAsync(s.Name, "conflict", null, "a.txt", "other\n", from: s.Main);
        var moved = await CommitAsync(s.Name, "main", s.Main, "a.txt", "1\n2\nthree\n");
        var squash = await CreateAsync(s.Name, "feature");
        (await Call("CreateBranch", new { repositoryName = s.Name, branchName = "feature2", commitId = s.Feature })).Ok();
        var threeWay = await CreateAsync(s.Name, "feature2");
        var conflict = await CreateAsync(s.Name, "conflict");

        // Act
        var squashed = (await Call("MergePullRequestBySquash", new { pullRequestId = squash, repositoryName = s.Name, commitMessage = "Squashed", authorName = "Ada", email = "ada@example.com" })).Ok()["pullRequest"]!;
        var afterSquash = (string)(await Call("GetBranch", new { repositoryName = s.Name, branchName = "main" })).Ok()["branch"]!["commitId"]!;
        var squashCommit = (await Call("GetCommit", new { repositoryName = s.Name, commitId = afterSquash })).Ok()["commit"]!;
        var refused = (await Call("MergePullRequestByThreeWay", new { pullRequestId = conflict, repositoryName = s.Name })).Failed();
        var threeWayed = (await Call("MergePullRequestByThreeWay", new { pullRequestId = threeWay, repositoryName = s.Name })).Ok()["pullRequest"]!;
        var mergeCommit = (await Call("GetCommit", new { repositoryName = s.Name, commitId = (string)threeWayed["pullRequestTargets"]![0]!["mergeMetadata"]!["mergeCommitId"]! })).Ok()["commit"]!;

        // Assert
        var metadata = squashed["pullRequestTargets"]![0]!["mergeMetadata"]!;
        Assert.Equal(("SQUASH_MERGE", afterSquash), ((string)metadata["mergeOption"], (string)metadata["mergeCommitId"]));
        Assert.Equal([moved], squashCommit["parents"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(("Squashed", "Ada"), (((string)squashCommit["message"]!).Trim(), (string)squashCommit["author"]!["name"]));
        Assert.Equal("ManualMergeRequiredException", refused.Code);
        Assert.Equal("THREE_WAY_MERGE", (string)threeWayed["pullRequestTargets"]![0]!["mergeMetadata"]!["mergeOption"]);
        Assert.Equal([afterSquash, s.Feature], mergeCommit["parents"]!.AsArray().Select(p => (string)p!));
        Assert.Equal("OPEN", (string)(await Call("GetPullRequest", new { pullRequestId = conflict })).Ok()["pullRequest"]!["pullRequestStatus"]!);
    }

    [Fact]
    public async Task APushToTheSource_GivesANewRevision_AndAPushThatMergesIt_ClosesItAsMerged()
    {
        // Arrange
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "prpush", commits: 1);
        await git.OkAsync(clone, "checkout", "-q", "-b", "feature");
        var first = await git.CommitAsync(clone, "f.txt", "one\n", "feature one");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "feature"])).Ok();
        var id = await CreateAsync(repository.Name, "feature");
        var before = (await Call("GetPullRequest", new { pullRequestId = id })).Ok()["pullRequest"]!;
        var (pusher, credentials) = await server.NewGitUserAsync("prpusher", GitSteps.PowerUser);
        var pusherArn = $"arn:aws:iam::{server.AccountId}:user/{pusher}";
        var pusherLogin = git.LoginWith(credentials, repository.CloneUrl);

        // Act: the pushes are made by another user than the one who reads
        var second = await git.CommitAsync(clone, "f.txt", "two\n", "feature two");
        (await git.RunAsync(clone, [.. pusherLogin, "push", "-q", "origin", "feature"])).Ok();
        var updated = (await Call("GetPullRequest", new { pullRequestId = id })).Ok()["pullRequest"]!;
        await git.OkAsync(clone, "checkout", "-q", "main");
        await git.OkAsync(clone, "merge", "-q", "--ff-only", "feature");
        (await git.RunAsync(clone, [.. pusherLogin, "push", "-q", "origin", "main"])).Ok();
        var closedList = (await Call("ListPullRequests", new { repositoryName = repository.Name, pullRequestStatus = "CLOSED" })).Ok();
        var merged = (await server.RunAwsAsync(server.Root, "codecommit", "get-pull-request", "--pull-request-id", id)).Ok()["pullRequest"]!;
        var events = (await Call("DescribePullRequestEvents", new { pullRequestId = id })).Ok()["pullRequestEvents"]!.AsArray();

        // Assert
        Assert.Equal(first, (string)before["pullRequestTargets"]![0]!["sourceCommit"]);
        Assert.Equal(second, (string)updated["pullRequestTargets"]![0]!["sourceCommit"]);
        Assert.NotEqual((string)before["revisionId"], (string)updated["revisionId"]);
        Assert.Equal("OPEN", (string)updated["pullRequestStatus"]);
        Assert.Equal("CLOSED", (string)merged["pullRequestStatus"]);
        Assert.True((bool)merged["pullRequestTargets"]![0]!["mergeMetadata"]!["isMerged"]!);
        Assert.Equal(["PULL_REQUEST_CREATED", "PULL_REQUEST_SOURCE_REFERENCE_UPDATED", "PULL_REQUEST_MERGE_STATE_CHANGED"], events.Select(e => (string)e!["pullRequestEventType"]!));
        var update = events[1]!["pullRequestSourceReferenceUpdatedEventMetadata"]!;
        Assert.Equal((first, second), ((string)update["beforeCommitId"], (string)update["afterCommitId"]));
        Assert.Equal([pusherArn, pusherArn], events.Skip(1).Select(e => (string)e!["actorArn"]!));
        Assert.Equal(pusherArn, (string)merged["pullRequestTargets"]![0]!["mergeMetadata"]!["mergedBy"]!);
        Assert.Equal(pusherArn, (string)events[2]!["pullRequestMergedStateChangedEventMetadata"]!["mergeMetadata"]!["mergedBy"]!);
        Assert.Equal([id], closedList["pullRequestIds"]!.AsArray().Select(i => (string)i!));
    }

    [Fact]
    public async Task AMergeMadeOutsideThePullRequest_ShowsInTheClosedListBeforeThePullRequestIsRead()
    {
        // Arrange
        var s = await ScenarioAsync("prlist");
        var id = await CreateAsync(s.Name, "feature");

        // Act: the API merge of the branches (not of the pull request), then only a list
        (await Call("MergeBranchesByFastForward", new { repositoryName = s.Name, sourceCommitSpecifier = "feature", destinationCommitSpecifier = "main" })).Ok();
        var closed = (await Call("ListPullRequests", new { repositoryName = s.Name, pullRequestStatus = "CLOSED" })).Ok();
        var open = (await Call("ListPullRequests", new { repositoryName = s.Name, pullRequestStatus = "OPEN" })).Ok();

        // Assert
        Assert.Equal([id], closed["pullRequestIds"]!.AsArray().Select(i => (string)i!));
        Assert.Empty(open["pullRequestIds"]!.AsArray());
    }

    [Fact]
    public async Task EachOperation_ChecksItsOwnAction_AndADeniedDestinationRefusesTheMerge()
    {
        // Arrange
        var s = await ScenarioAsync("prauth");
        var id = await CreateAsync(s.Name, "feature");
        var stranger = await UserAsync("prstranger");
        var developer = await UserAsync("prdev", GitSteps.PowerUser);
        var user = developer.Arn[(developer.Arn.LastIndexOf('/') + 1)..];
        (await Call("PutUserPolicy", new { UserName = user, PolicyName = "deny-main", PolicyDocument = DenyMergesToMain(s.Name) }, "iam")).Ok();

        // Act
        var denied = new[]
        {
            (await server.Boto3Async(stranger.Keys, "codecommit", "GetPullRequest", new { pullRequestId = id })).Failed().Code,
            (await server.Boto3Async(stranger.Keys, "codecommit", "ListPullRequests", new { repositoryName = s.Name })).Failed().Code,
            (await server.Boto3Async(stranger.Keys, "codecommit", "CreatePullRequest", new { title = "x", targets = new[] { new { repositoryName = s.Name, sourceReference = "feature" } } })).Failed().Code,
            (await server.Boto3Async(stranger.Keys, "codecommit", "DescribePullRequestEvents", new { pullRequestId = id })).Failed().Code,
        };
        var read = (await server.Boto3Async(developer.Keys, "codecommit", "GetPullRequest", new { pullRequestId = id })).Ok();
        var merge = (await server.Boto3Async(developer.Keys, "codecommit", "MergePullRequestByFastForward", new { pullRequestId = id, repositoryName = s.Name })).Failed();

        // Assert
        Assert.All(denied, code => Assert.Equal("AccessDeniedException", code));
        Assert.Equal(id, (string)read["pullRequest"]!["pullRequestId"]);
        Assert.Equal("AccessDeniedException", merge.Code);
        Assert.Contains("codecommit:MergePullRequestByFastForward", merge.Message, StringComparison.Ordinal);
        Assert.Equal("OPEN", (string)(await Call("GetPullRequest", new { pullRequestId = id })).Ok()["pullRequest"]!["pullRequestStatus"]!);
    }

    [Fact]
    public async Task ADisabledRepositoryKey_StopsPullRequestReadsAndMerges_WithEncryptionKeyDisabledException()
    {
        // Arrange
        var keyId = (string)(await server.Boto3Async(server.Root, "kms", "CreateKey", new { Description = "pull requests" })).Ok()["KeyMetadata"]!["KeyId"]!;
        var s = await ScenarioAsync("prkms", keyId);
        var id = await CreateAsync(s.Name, "feature");

        // Act
        (await server.Boto3Async(server.Root, "kms", "DisableKey", new { KeyId = keyId })).Ok();
        var get = (await Call("GetPullRequest", new { pullRequestId = id })).Failed();
        var list = (await Call("ListPullRequests", new { repositoryName = s.Name })).Failed();
        var create = (await Call("CreatePullRequest", new { title = "again", targets = new[] { new { repositoryName = s.Name, sourceReference = "feature" } } })).Failed();
        var merge = (await Call("MergePullRequestByFastForward", new { pullRequestId = id, repositoryName = s.Name })).Failed();
        (await server.Boto3Async(server.Root, "kms", "EnableKey", new { KeyId = keyId })).Ok();
        var again = (await Call("GetPullRequest", new { pullRequestId = id })).Ok();

        // Assert
        Assert.All(new[] { get, list, create, merge }, e => Assert.Equal("EncryptionKeyDisabledException", e.Code));
        Assert.Equal("OPEN", (string)again["pullRequest"]!["pullRequestStatus"]);
    }

    /// <summary>A repository whose main holds a.txt, and a feature branch that adds b.txt.</summary>
    private async Task<Scenario> ScenarioAsync(string prefix, string kmsKeyId = null)
    {
        var name = GitsteadServer.UniqueName(prefix);
        (await Call("CreateRepository", kmsKeyId is null ? new { repositoryName = name } : (object)new { repositoryName = name, kmsKeyId })).Ok();
        var main = await CommitAsync(name, "main", null, "a.txt", "1\n2\n3\n");
        (await Call("CreateBranch", new { repositoryName = name, branchName = "feature", commitId = main })).Ok();
        var feature = await CommitAsync(name, "feature", main, "b.txt", "b\n");
        return new Scenario(name, main, feature);
    }

    private async Task<string> CommitAsync(string name, string branch, string parent, string path, string content, string from = null)
    {
        if (from is not null)
        {
            (await Call("CreateBranch", new { repositoryName = name, branchName = branch, commitId = from })).Ok();
            parent = from;
        }

        object request = parent is null
            ? new { repositoryName = name, branchName = branch, putFiles = new[] { Put(path, content) } }
            : new { repositoryName = name, branchName = branch, parentCommitId = parent, putFiles = new[] { Put(path, content) } };
        return (string)(await Call("CreateCommit", request)).Ok()["commitId"]!;
    }

    private async Task<string> CreateAsync(string name, string source) =>
        (string)(await Call("CreatePullRequest", new { title = "PR of " + source, targets = new[] { new { repositoryName = name, sourceReference = source, destinationReference = "main" } } })).Ok()["pullRequest"]!["pullRequestId"]!;

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

    private string DenyMergesToMain(string repositoryName) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Effect"] = "Deny",
            ["Action"] = new JsonArray("codecommit:MergePullRequestByFastForward", "codecommit:MergePullRequestBySquash", "codecommit:MergePullRequestByThreeWay"),
            ["Resource"] = $"arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{repositoryName}",
            ["Condition"] = new JsonObject { ["StringEqualsIfExists"] = new JsonObject { ["codecommit:References"] = new JsonArray("refs/heads/main") } },
        }),
    }.ToJsonString();

    private Task<BotoResult> Call(string operation, object parameters, string service = "codecommit") => server.Boto3Async(server.Root, service, operation, parameters);

    private static object Put(string path, string content) =>
        new { filePath = path, fileContent = new Dictionary<string, string> { ["$base64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(content)) } };

    private sealed record Scenario(string Name, string Main, string Feature);
}

public sealed class ApiPullRequestsOnSqlite(SqliteServer server) : ApiPullRequestTests<SqliteServer>(server);

public sealed class ApiPullRequestsOnPostgres(PostgresServer server) : ApiPullRequestTests<PostgresServer>(server);
