using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Audit;

/// <summary>
/// The operator's JSON-lines copy of the trail (Gitstead:Audit:File): every event one CloudTrail
/// record per line, readable by the owner only; no password or secret key in it or in the stored
/// events; a lookup finds the calls made before it though the writer's interval has not passed;
/// and events recorded just before a clean shutdown are there after the restart.
/// </summary>
public abstract class AuditFileAndShutdownTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    public const string FileName = "audit/events.jsonl";

    /// <summary>Longer than any test here: events are stored only on a lookup or at shutdown.</summary>
    public const string FlushInterval = "00:01:00";

    [Fact]
    public async Task JsonLinesFile_HasTheEvents_OwnerOnly_AndNoSecretIsStoredAnywhere()
    {
        var (user, key) = await server.NewApiUserAsync("secretive", GitSteps.PowerUser);
        var password = GitsteadServer.NewPassword();
        await server.CreateLoginProfileAsync(user, password);
        (await server.RunAwsAsync(key, "codecommit", "list-repositories")).Ok();
        var gitCredentials = await server.CreateGitCredentialAsync(user);
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("secretive");
        (await git.RunAsync(git.Root, [.. git.LoginWith(gitCredentials, repository.CloneUrl), "clone", "-q", repository.CloneUrl, git.NewPath("c")])).Ok();
        await server.LookupUntilAsync("Username", user, e => AuditSteps.Records(e).Any(r => (string)r["eventName"] == "GitPull"));
        var path = Path.Combine(server.DataDir, FileName);

        var lines = (await File.ReadAllLinesAsync(path)).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

        Assert.Contains(lines, r => (string)r["eventName"] == "CreateLoginProfile" && (string)r["requestParameters"]!["userName"] == user
            && (string)r["requestParameters"]!["password"] == "HIDDEN_DUE_TO_SECURITY_REASONS");
        Assert.Contains(lines, r => (string)r["eventName"] == "ListRepositories" && (string)r["userIdentity"]!["accessKeyId"] == key.AccessKeyId);
        Assert.Contains(lines, r => (string)r["eventName"] == "GitPull" && (string)r["userIdentity"]!["accessKeyId"] == gitCredentials.ServiceSpecificCredentialId);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Empty(await SecretScan.FindAsync(server, password));
        Assert.Empty(await SecretScan.FindAsync(server, key.SecretAccessKey));
        Assert.Empty(await SecretScan.FindAsync(server, gitCredentials.ServicePassword));
    }

    [Fact]
    public async Task LookupEvents_FindsTheCallsMadeBeforeIt_WithoutWaitingForTheFlushInterval()
    {
        var (user, key) = await server.NewApiUserAsync("prompt", GitSteps.PowerUser);
        var name = GitsteadServer.UniqueName("prompt");
        (await server.RunAwsAsync(key, "codecommit", "create-repository", "--repository-name", name)).Ok();
        var denied = await server.RunAwsAsync(key, "iam", "create-user", "--user-name", GitsteadServer.UniqueName("never"));

        // One lookup each, no polling: the writer would not store these for a minute on its own.
        var created = (await server.RunAwsAsync(server.Root, "cloudtrail", "lookup-events",
            "--lookup-attributes", $"AttributeKey=ResourceName,AttributeValue={name}")).Ok()["Events"]!.AsArray();
        var byUser = (await server.RunAwsAsync(server.Root, "cloudtrail", "lookup-events",
            "--lookup-attributes", $"AttributeKey=Username,AttributeValue={user}")).Ok()["Events"]!.AsArray();

        Assert.True(denied.ErrorCode == "AccessDenied", denied.ToString());
        Assert.Equal(["CreateRepository"], created.Select(e => (string)e!["EventName"]!));
        Assert.Contains(AuditSteps.Records(byUser), r => (string)r["eventName"] == "CreateUser" && (string)r["errorCode"] == "AccessDenied");
    }

    [Fact]
    public async Task EventsRecordedJustBeforeACleanShutdown_AreThereAfterTheRestart()
    {
        var (user, key) = await server.NewApiUserAsync("shutdown", GitSteps.PowerUser);
        var names = Enumerable.Range(0, 3).Select(_ => GitsteadServer.UniqueName("last")).ToList();
        foreach (var name in names)
        {
            (await server.RunAwsAsync(key, "codecommit", "create-repository", "--repository-name", name)).Ok();
        }

        await server.RestartAsync();
        var events = (await server.RunAwsAsync(server.Root, "cloudtrail", "lookup-events",
            "--lookup-attributes", $"AttributeKey=Username,AttributeValue={user}")).Ok()["Events"]!.AsArray();

        Assert.Equal(names.Order(), events.Where(e => (string)e!["EventName"] == "CreateRepository")
            .Select(e => (string)e!["Resources"]![0]!["ResourceName"]).Order());
    }
}

/// <summary>A SQLite server that also writes the trail to a JSON-lines file, and stores events only once a minute unless looked up.</summary>
public sealed class AuditFileSqliteServer : SqliteServer
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraEnvironment() =>
        [new("Gitstead__Audit__File", AuditFileAndShutdownTests<AuditFileSqliteServer>.FileName), new("Gitstead__Audit__FlushInterval", AuditFileAndShutdownTests<AuditFileSqliteServer>.FlushInterval)];
}

/// <summary>A PostgreSQL server that also writes the trail to a JSON-lines file, and stores events only once a minute unless looked up.</summary>
public sealed class AuditFilePostgresServer : PostgresServer
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraEnvironment() =>
        [new("Gitstead__Audit__File", AuditFileAndShutdownTests<AuditFilePostgresServer>.FileName), new("Gitstead__Audit__FlushInterval", AuditFileAndShutdownTests<AuditFilePostgresServer>.FlushInterval)];
}

public sealed class AuditFileAndShutdownOnSqlite(AuditFileSqliteServer server) : AuditFileAndShutdownTests<AuditFileSqliteServer>(server);

public sealed class AuditFileAndShutdownOnPostgres(AuditFilePostgresServer server) : AuditFileAndShutdownTests<AuditFilePostgresServer>(server);
