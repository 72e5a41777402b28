using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// Repository triggers with boto3: the configuration and its validation, records delivered to an
/// HTTP receiver after an API write and a branch creation, a receiver that comes up late, a record
/// queued across a restart, and TestRepositoryTriggers against a live and a dead endpoint.
/// </summary>
public abstract class ApiTriggerTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer, ITriggerServer
{
    private TriggerMapping Mapping => server.Triggers;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PutAndGetTriggers_ConfigurationIdChangesAndInvalidTriggersAreRefused()
    {
        await Mapping.ConfigureAsync();
        var name = GitsteadServer.UniqueName("trig");
        await server.CreateRepositoryAsync(name);
        var empty = (await Call("GetRepositoryTriggers", new { repositoryName = name })).Ok();
        var first = (string)(await Call("PutRepositoryTriggers", new { repositoryName = name, triggers = new[] { Trigger("a", "live") } })).Ok()["configurationId"]!;
        var second = (string)(await Call("PutRepositoryTriggers", new { repositoryName = name, triggers = new[] { Trigger("a", "live", "main"), Trigger("b", "dead") } })).Ok()["configurationId"]!;
        var got = (await Call("GetRepositoryTriggers", new { repositoryName = name })).Ok();

        Assert.Empty(empty["triggers"]!.AsArray());
        Assert.True(Guid.TryParse(first, out _));
        Assert.NotEqual(first, second);
        Assert.Equal(second, (string)got["configurationId"]!);
        Assert.Equal(["a", "b"], got["triggers"]!.AsArray().Select(t => (string)t!["name"]!));
        Assert.Equal("main", (string)got["triggers"]![0]!["branches"]![0]!);

        async Task<string> Code(object trigger) =>
            (await Call("PutRepositoryTriggers", new { repositoryName = name, triggers = new[] { trigger } })).Failed().Code;
        Assert.Equal("InvalidRepositoryTriggerNameException", await Code(Trigger("bad name", "live")));
        Assert.Equal("InvalidRepositoryTriggerEventsException", await Code(new { name = "x", destinationArn = Mapping.Topic("live"), branches = Array.Empty<string>(), events = new[] { "all", "createReference" } }));
        Assert.Equal("InvalidRepositoryTriggerEventsException", await Code(new { name = "x", destinationArn = Mapping.Topic("live"), branches = Array.Empty<string>(), events = new[] { "push" } }));
        Assert.Equal("InvalidRepositoryTriggerDestinationArnException", await Code(new { name = "x", destinationArn = "arn:aws:s3:::bucket", branches = Array.Empty<string>(), events = new[] { "all" } }));
        Assert.Equal("InvalidRepositoryTriggerRegionException", await Code(new { name = "x", destinationArn = $"arn:aws:sns:eu-west-1:{server.AccountId}:t", branches = Array.Empty<string>(), events = new[] { "all" } }));
        Assert.Equal("InvalidRepositoryTriggerCustomDataException", await Code(new { name = "x", destinationArn = Mapping.Topic("live"), customData = new string('x', 1001), branches = Array.Empty<string>(), events = new[] { "all" } }));
        Assert.Equal("MaximumBranchesExceededException", await Code(new { name = "x", destinationArn = Mapping.Topic("live"), branches = Enumerable.Range(0, 101).Select(i => $"b{i}").ToArray(), events = new[] { "all" } }));
        Assert.Equal("InvalidRepositoryTriggerBranchNameException", await Code(new { name = "x", destinationArn = Mapping.Topic("live"), branches = new[] { "a..b" }, events = new[] { "all" } }));
        Assert.Equal("RepositoryTriggerEventsListRequiredException", await Code(new { name = "x", destinationArn = Mapping.Topic("live"), branches = Array.Empty<string>(), events = Array.Empty<string>() }));
        Assert.Equal("MaximumRepositoryTriggersExceededException",
            (await Call("PutRepositoryTriggers", new { repositoryName = name, triggers = Enumerable.Range(0, 11).Select(i => Trigger($"t{i}", "live")).ToArray() })).Failed().Code);
        Assert.Equal("InvalidRepositoryTriggerNameException",
            (await Call("PutRepositoryTriggers", new { repositoryName = name, triggers = new[] { Trigger("a", "live"), Trigger("a", "dead") } })).Failed().Code);

        var user = GitsteadServer.UniqueName("nopolicy");
        await server.CreateUserAsync(user);
        var stranger = await server.CreateAccessKeyAsync(user);
        foreach (var operation in new[] { "PutRepositoryTriggers", "TestRepositoryTriggers" })
        {
            var denied = await server.Boto3Async(stranger, "codecommit", operation, new { repositoryName = name, triggers = new[] { Trigger("a", "live") } });
            Assert.Equal("AccessDeniedException", denied.Failed().Code);
        }

        Assert.Equal("AccessDeniedException", (await server.Boto3Async(stranger, "codecommit", "GetRepositoryTriggers", new { repositoryName = name })).Failed().Code);
    }

    [Fact]
    public async Task ApiWritesMergesAndBranchChanges_DeliverOneRecordEach_WithCodeCommitsFields()
    {
        await Mapping.ConfigureAsync();
        using var receiver = new TriggerReceiver(Mapping.LivePort, "live");
        var name = GitsteadServer.UniqueName("trig");
        await server.CreateRepositoryAsync(name);
        var configurationId = (string)(await Call("PutRepositoryTriggers", new
        {
            repositoryName = name,
            triggers = new object[] { new { name = "to-live", destinationArn = Mapping.Topic("live"), customData = "hello", branches = Array.Empty<string>(), events = new[] { "all" } } },
        })).Ok()["configurationId"]!;

        var put = (await Call("PutFile", new { repositoryName = name, branchName = "main", filePath = "a.txt", fileContent = Blob("a\n") })).Ok();
        var putRecord = await NextRecordAsync(receiver);
        (await Call("CreateBranch", new { repositoryName = name, branchName = "feature", commitId = (string)put["commitId"]! })).Ok();
        var branchRecord = await NextRecordAsync(receiver);
        var onFeature = (await Call("PutFile", new { repositoryName = name, branchName = "feature", filePath = "b.txt", fileContent = Blob("b\n"), parentCommitId = (string)put["commitId"]! })).Ok();
        var featureRecord = await NextRecordAsync(receiver);
        (await Call("MergeBranchesByFastForward", new { repositoryName = name, sourceCommitSpecifier = "feature", destinationCommitSpecifier = "main" })).Ok();
        var mergeRecord = await NextRecordAsync(receiver);
        (await Call("DeleteBranch", new { repositoryName = name, branchName = "feature" })).Ok();
        var deleteRecord = await NextRecordAsync(receiver);

        Assert.Equal("aws:codecommit", (string)putRecord["eventSource"]!);
        Assert.Equal($"arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{name}", (string)putRecord["eventSourceARN"]!);
        Assert.Equal(GitsteadServer.Region, (string)putRecord["awsRegion"]!);
        Assert.Equal("to-live", (string)putRecord["eventTriggerName"]!);
        Assert.Equal(configurationId, (string)putRecord["eventTriggerConfigId"]!);
        Assert.Equal("hello", (string)putRecord["customData"]!);
        Assert.Equal("1.0", (string)putRecord["eventVersion"]!);
        Assert.Equal(1, (int)putRecord["eventPartNumber"]!);
        Assert.Equal(1, (int)putRecord["eventTotalParts"]!);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:root", (string)putRecord["userIdentityARN"]!);
        var reference = putRecord["codecommit"]!["references"]![0]!;
        Assert.Equal((string)put["commitId"]!, (string)reference["commit"]!);
        Assert.Equal("refs/heads/main", (string)reference["ref"]!);
        Assert.True((bool)reference["created"]!);
        Assert.Equal("refs/heads/feature", (string)branchRecord["codecommit"]!["references"]![0]!["ref"]!);
        Assert.True((bool)branchRecord["codecommit"]!["references"]![0]!["created"]!);
        var update = featureRecord["codecommit"]!["references"]![0]!.AsObject();
        Assert.Equal((string)onFeature["commitId"]!, (string)update["commit"]!);
        Assert.False(update.ContainsKey("created") || update.ContainsKey("deleted"));
        Assert.Equal("refs/heads/main", (string)mergeRecord["codecommit"]!["references"]![0]!["ref"]!);
        Assert.Equal((string)onFeature["commitId"]!, (string)mergeRecord["codecommit"]!["references"]![0]!["commit"]!);
        var deleted = deleteRecord["codecommit"]!["references"]![0]!;
        Assert.Equal("refs/heads/feature", (string)deleted["ref"]!);
        Assert.Equal((string)onFeature["commitId"]!, (string)deleted["commit"]!);
        Assert.True((bool)deleted["deleted"]!);
    }

    [Fact]
    public async Task GitPush_DeliversOneRecordWithThePushedBranchesAndThePusher()
    {
        await Mapping.ConfigureAsync();
        using var receiver = new TriggerReceiver(Mapping.LivePort, "live");
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("trigpush");
        (await Call("PutRepositoryTriggers", new
        {
            repositoryName = repository.Name,
            triggers = new object[] { new { name = "pushes", destinationArn = Mapping.Topic("live"), branches = new[] { "main", "dev" }, events = new[] { "createReference" } } },
        })).Ok();
        var (user, credentials) = await server.NewGitUserAsync("pusher", GitSteps.PowerUser);
        var login = git.LoginWith(credentials, repository.CloneUrl);
        var clone = git.NewPath("trig");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, clone])).Ok();
        await git.CommitAsync(clone, "a.txt", "a\n", "first");
        var head = await git.OkAsync(clone, "rev-parse", "HEAD");

        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main", "HEAD:dev", "HEAD:ignored"])).Ok();
        var record = await NextRecordAsync(receiver);
        await git.CommitAsync(clone, "b.txt", "b\n", "second");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
        (await Call("PutFile", new { repositoryName = repository.Name, branchName = "dev", filePath = "c.txt", fileContent = Blob("c\n"), parentCommitId = head })).Ok();

        var references = record["codecommit"]!["references"]!.AsArray();
        Assert.Equal(["refs/heads/dev", "refs/heads/main"], references.Select(r => (string)r!["ref"]!).Order());
        Assert.All(references, r => Assert.Equal(head, (string)r!["commit"]!));
        Assert.All(references, r => Assert.True((bool)r!["created"]!));
        Assert.Equal("ReferenceChanges", (string)record["eventName"]!);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/{user}", (string)record["userIdentityARN"]!);
        await Assert.ThrowsAsync<TimeoutException>(() => receiver.NextAsync(TimeSpan.FromSeconds(1.5)));
    }

    [Fact]
    public async Task GitPushOfTwelveHundredBranches_SplitIntoNumberedPartsOfOneEvent_EachWithinSnssMessageSize()
    {
        await Mapping.ConfigureAsync();
        using var receiver = new TriggerReceiver(Mapping.LivePort, "live");
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("trigsplit");
        (await Call("PutRepositoryTriggers", new
        {
            repositoryName = repository.Name,
            triggers = new object[] { new { name = "many", destinationArn = Mapping.Topic("live"), branches = Array.Empty<string>(), events = new[] { "all" } } },
        })).Ok();
        var (_, credentials) = await server.NewGitUserAsync("pusher", GitSteps.PowerUser);
        var login = git.LoginWith(credentials, repository.CloneUrl);
        var clone = git.NewPath("split");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, clone])).Ok();
        var head = await git.CommitAsync(clone, "a.txt", "a\n", "first");
        var branches = Enumerable.Range(0, 1200).Select(i => $"refs/heads/release/{i:D4}-{new string('x', 180)}").ToList();
        var created = await ProcessRunner.RunAsync("git", ["-C", clone, "update-ref", "--stdin"], new Dictionary<string, string>(),
            string.Concat(branches.Select(b => $"create {b} {head}\n")));
        Assert.True(created.ExitCode == 0, created.Stderr);

        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "refs/heads/release/*:refs/heads/release/*"])).Ok();
        var bodies = new[] { await NextBodyAsync(receiver), await NextBodyAsync(receiver) };

        var records = bodies.Select(Record).OrderBy(r => (int)r["eventPartNumber"]!).ToList();
        Assert.Equal([1, 2], records.Select(r => (int)r["eventPartNumber"]!));
        Assert.All(records, r => Assert.Equal(2, (int)r["eventTotalParts"]!));
        Assert.Single(records.Select(r => (string)r["eventId"]!).Distinct());
        Assert.All(bodies, b => Assert.True(Encoding.UTF8.GetByteCount(b) <= 256 * 1024, $"a part of {Encoding.UTF8.GetByteCount(b)} bytes"));
        var references = records.SelectMany(r => r["codecommit"]!["references"]!.AsArray()).ToList();
        Assert.Equal(branches.Order(StringComparer.Ordinal), references.Select(r => (string)r!["ref"]!).Order(StringComparer.Ordinal));
        Assert.All(references, r => Assert.Equal(head, (string)r!["commit"]!));
        await Assert.ThrowsAsync<TimeoutException>(() => receiver.NextAsync(TimeSpan.FromSeconds(1.5)));
    }

    [Fact]
    public async Task ReceiverDownAtFirst_GetsTheRecordOnceItIsUp_AndAQueuedRecordSurvivesARestart()
    {
        await Mapping.ConfigureAsync();
        var name = GitsteadServer.UniqueName("trig");
        await server.CreateRepositoryAsync(name);
        (await Call("PutRepositoryTriggers", new { repositoryName = name, triggers = new[] { Trigger("late", "late", "main"), Trigger("restart", "restart", "other") } })).Ok();

        var put = (await Call("PutFile", new { repositoryName = name, branchName = "main", filePath = "a.txt", fileContent = Blob("a\n") })).Ok();
        await Task.Delay(TimeSpan.FromSeconds(1));
        using (var late = new TriggerReceiver(Mapping.LatePort, "late"))
        {
            Assert.Equal((string)put["commitId"]!, (string)(await NextRecordAsync(late))["codecommit"]!["references"]![0]!["commit"]!);
        }

        (await Call("CreateBranch", new { repositoryName = name, branchName = "other", commitId = (string)put["commitId"]! })).Ok();
        await server.StopAsync();
        using var restarted = new TriggerReceiver(Mapping.RestartPort, "restart");
        await server.StartAsync();
        Assert.Equal("refs/heads/other", (string)(await NextRecordAsync(restarted))["codecommit"]!["references"]![0]!["ref"]!);
    }

    [Fact]
    public async Task TestRepositoryTriggers_ReportsSuccessForALiveReceiverAndFailureForADeadOne()
    {
        await Mapping.ConfigureAsync();
        using var receiver = new TriggerReceiver(Mapping.LivePort, "live");
        var name = GitsteadServer.UniqueName("trig");
        await server.CreateRepositoryAsync(name);

        var result = (await Call("TestRepositoryTriggers", new { repositoryName = name, triggers = new[] { Trigger("up", "live"), Trigger("down", "dead") } })).Ok();

        Assert.Equal(["up"], result["successfulExecutions"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("down", (string)result["failedExecutions"]![0]!["trigger"]!);
        Assert.False(string.IsNullOrEmpty((string)result["failedExecutions"]![0]!["failureMessage"]!));
        Assert.Equal("TriggerEventTest", (string)(await NextRecordAsync(receiver))["eventName"]!);
    }

    [Fact]
    public async Task EveryCodeCommitOperationInTheBotocoreModel_IsServed_79Of79()
    {
        var script = "import botocore.session as s; m=s.get_session().get_service_model('codecommit'); print('\\n'.join(m.operation_names))";
        var start = new ProcessStartInfo("python3", ["-c", script]) { RedirectStandardOutput = true };
        using var python = Process.Start(start)!;
        var names = (await python.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await python.WaitForExitAsync();
        var expected = names.ToList();

        var missing = new List<string>();
        foreach (var operation in expected)
        {
            var body = new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.1");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = body };
            request.Headers.TryAddWithoutValidation("X-Amz-Target", "CodeCommit_20150413." + operation);
            using var response = await server.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (text.Contains("UnknownOperation", StringComparison.Ordinal) || text.Contains("InvalidAction", StringComparison.Ordinal))
            {
                missing.Add(operation);
            }
        }

        Assert.Equal(79, expected.Count);
        Assert.Equal(13, expected.Count(n => n.Contains("ApprovalRuleTemplate", StringComparison.Ordinal)));
        Assert.Equal(10, expected.Count(n => n.Contains("Comment", StringComparison.Ordinal)));
        Assert.Equal(18, expected.Count(n => n.Contains("PullRequest", StringComparison.Ordinal) && !n.Contains("Comment", StringComparison.Ordinal)));
        Assert.Empty(missing);
    }

    private Task<BotoResult> Call(string operation, object parameters) => server.Boto3Async(server.Root, "codecommit", operation, parameters);

    private object Trigger(string name, string destination, params string[] branches) =>
        new { name, destinationArn = Mapping.Topic(destination), branches, events = new[] { "all" } };

    private static JsonNode Record(string body) => JsonNode.Parse(body)!["Records"]![0]!;

    private async Task<JsonNode> NextRecordAsync(TriggerReceiver receiver) => Record(await NextBodyAsync(receiver));

    /// <summary>The next record's body; when none comes, the failure carries what the server logged about triggers.</summary>
    private async Task<string> NextBodyAsync(TriggerReceiver receiver)
    {
        try
        {
            return await receiver.NextAsync(Wait);
        }
        catch (TimeoutException ex)
        {
            var lines = server.LogText.Split('\n').Where(l => l.Contains("Trigger", StringComparison.Ordinal) || l.StartsWith("fixture", StringComparison.Ordinal));
            throw new TimeoutException($"{ex.Message}; the server's trigger log:\n{string.Join('\n', lines.TakeLast(40))}", ex);
        }
    }

    private static Dictionary<string, string> Blob(string text) => new() { ["$base64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) };
}

public sealed class ApiTriggersOnSqlite(TriggerSqliteServer server) : ApiTriggerTests<TriggerSqliteServer>(server);

public sealed class ApiTriggersOnPostgres(TriggerPostgresServer server) : ApiTriggerTests<TriggerPostgresServer>(server);
