using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Audit;

/// <summary>
/// Git's authentication and authorization decisions are CloudTrail events: a failed login names
/// the credential and the address it came from, a denied push names the user's Git credential,
/// and a push that went through records each ref with its old and new commit.
/// </summary>
public abstract class GitAuditTrailTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task FailedGitLogin_IsRecordedWithTheCredentialAndSourceAddress()
    {
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("login");
        var (_, credentials) = await server.NewGitUserAsync("dev", GitSteps.PowerUser);
        var clone = await git.RunAsync(git.Root,
            [.. git.LoginWith(credentials.ServiceUserName, credentials.ServicePassword + "x", repository.CloneUrl), "clone", repository.CloneUrl, git.NewPath("x")]);
        Assert.Contains("Authentication failed", clone.Failed(), StringComparison.Ordinal);

        var events = await server.LookupUntilAsync("Username", credentials.ServiceUserName, e => e.Count > 0);

        var record = AuditSteps.Records(events).First();
        Assert.Equal("GitPull", (string)record["eventName"]);
        Assert.Equal("AuthFailure", (string)record["errorCode"]);
        Assert.Equal("Unknown", (string)record["userIdentity"]!["type"]);
        Assert.Equal(credentials.ServiceUserName, (string)record["additionalEventData"]!["credential"]);
        Assert.Equal(repository.Name, (string)record["additionalEventData"]!["repositoryName"]);
        Assert.Equal("127.0.0.1", (string)record["sourceIPAddress"]);
        Assert.StartsWith("git/", (string)record["userAgent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeniedPush_IsRecordedWithTheGitCredentialId()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "denied-push", commits: 1);
        var (reader, credentials) = await server.NewGitUserAsync("reader", GitSteps.ReadOnly);
        var login = git.LoginWith(credentials, repository.CloneUrl);
        var clone = git.NewPath("reader");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, clone])).Ok();
        await git.CommitAsync(clone, "b.txt", "b\n", "not allowed");
        (await git.RunAsync(clone, [.. login, "push", "origin", "HEAD:main"])).Failed();

        var events = await server.LookupUntilAsync("AccessKeyId", credentials.ServiceSpecificCredentialId,
            e => AuditSteps.Records(e).Any(r => (string)r["eventName"] == "GitPush"));

        var records = AuditSteps.Records(events).ToList();
        var push = records.First(r => (string)r["eventName"] == "GitPush");
        Assert.Equal("AccessDenied", (string)push["errorCode"]);
        Assert.Contains($"user/{reader} is not authorized to perform: codecommit:GitPush", (string)push["errorMessage"], StringComparison.Ordinal);
        Assert.Equal(reader, (string)push["userIdentity"]!["userName"]);
        Assert.Equal("127.0.0.1", (string)push["sourceIPAddress"]);
        Assert.Contains(records, r => (string)r["eventName"] == "GitPull" && r["errorCode"] is null);
    }

    [Fact]
    public async Task Push_RecordsEachRefWithOldAndNewCommit()
    {
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "pushed", commits: 1);
        var old = await git.OkAsync(clone, "rev-parse", "HEAD");
        var commit = await git.CommitAsync(clone, "c.txt", "c\n", "second");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main", "HEAD:refs/heads/topic"])).Ok();

        var events = await server.LookupUntilAsync("ResourceName", repository.Name,
            e => AuditSteps.Records(e).Any(r => (string)r["eventName"] == "GitPush" && r["requestParameters"]?["references"]?.AsArray().Count == 2));

        var push = AuditSteps.Records(events).First(r => (string)r["eventName"] == "GitPush" && r["requestParameters"]?["references"]?.AsArray().Count == 2);
        var references = push["requestParameters"]!["references"]!.AsArray();
        Assert.Contains(references, r => (string)r!["ref"] == "refs/heads/main" && (string)r["oldCommit"] == old && (string)r["commit"] == commit);
        Assert.Contains(references, r => (string)r!["ref"] == "refs/heads/topic" && (string)r["oldCommit"] == new string('0', 40) && (string)r["commit"] == commit);
        Assert.Null(push["errorCode"]);
        Assert.False((bool)push["readOnly"]!);
        Assert.True((bool)push["additionalEventData"]!["dataTransferred"]!);
        Assert.Equal($"arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{repository.Name}", (string)push["resources"]![0]!["ARN"]);
    }
}

public sealed class GitAuditTrailOnSqlite(SqliteServer server) : GitAuditTrailTests<SqliteServer>(server);

public sealed class GitAuditTrailOnPostgres(PostgresServer server) : GitAuditTrailTests<PostgresServer>(server);
