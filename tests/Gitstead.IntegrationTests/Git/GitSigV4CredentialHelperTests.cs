using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// git with <c>aws codecommit credential-helper --ignore-host-check</c> and
/// <c>credential.UseHttpPath=true</c>, as AWS's setup guide configures it: SigV4 passwords
/// from long-term and session access keys, signed for the client's configured region.
/// </summary>
public abstract class GitSigV4CredentialHelperTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task AccessKey_ClonesAndPushes()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "sigv4", commits: 1);
        var keys = await PowerUserKeysAsync();
        var clone = git.NewPath("sigv4");

        (await RunAsync(git, keys, GitsteadServer.Region, git.Root, "clone", "-q", repository.CloneUrl, clone)).Ok();
        var commit = await git.CommitAsync(clone, "signed.txt", "signed\n", "pushed with a SigV4 password");
        var push = await RunAsync(git, keys, GitsteadServer.Region, clone, "push", "origin", "HEAD:main");

        push.Ok();
        Assert.Equal(commit, (await git.ServerRefsAsync(server, repository))["refs/heads/main"]);
    }

    [Fact]
    public async Task SessionCredentials_Clone()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "session", commits: 1);
        var session = await server.GetSessionTokenAsync(await PowerUserKeysAsync());

        var clone = await RunAsync(git, session, GitsteadServer.Region, git.Root, "clone", "-q", repository.CloneUrl, git.NewPath("session"));

        clone.Ok();
        Assert.DoesNotContain(session.SessionToken, server.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientRegionOtherThanTheHosts_StillAuthenticates()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "other-region", commits: 1);

        var listing = await RunAsync(git, await PowerUserKeysAsync(), "eu-west-1", git.Root, "ls-remote", repository.CloneUrl);

        Assert.Contains("refs/heads/main", listing.Ok(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongSecret_AuthenticationFailed()
    {
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("bad-secret");
        var keys = await PowerUserKeysAsync();

        var listing = await RunAsync(git, keys with { SecretAccessKey = keys.SecretAccessKey[..^2] + "xx" }, GitsteadServer.Region,
            git.Root, "ls-remote", repository.CloneUrl);

        Assert.Contains("Authentication failed for", listing.Failed(), StringComparison.Ordinal);
    }

    private async Task<Credentials> PowerUserKeysAsync()
    {
        var (user, _) = await server.NewGitUserAsync("signer", GitSteps.PowerUser);
        return await server.CreateAccessKeyAsync(user);
    }

    private Task<GitRun> RunAsync(GitClient git, Credentials keys, string region, string directory, params string[] args)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = keys.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = keys.SecretAccessKey,
            ["AWS_DEFAULT_REGION"] = region,
            ["AWS_CA_BUNDLE"] = server.CaBundlePath,
            ["AWS_CONFIG_FILE"] = "/nonexistent/gitstead-tests/config",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/gitstead-tests/credentials",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        if (keys.SessionToken is not null)
        {
            environment["AWS_SESSION_TOKEN"] = keys.SessionToken;
        }

        return git.RunAsync(directory, environment, [.. GitClient.SigV4Helper, .. args]);
    }
}

public sealed class GitSigV4CredentialHelperOnSqlite(SqliteServer server) : GitSigV4CredentialHelperTests<SqliteServer>(server);

public sealed class GitSigV4CredentialHelperOnPostgres(PostgresServer server) : GitSigV4CredentialHelperTests<PostgresServer>(server);
