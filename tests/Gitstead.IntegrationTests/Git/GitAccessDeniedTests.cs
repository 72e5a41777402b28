using System.Net;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// What git prints when the server says no: a read-only user's push, a user without policies,
/// a repository that does not exist, no or wrong credentials; and the dumb protocol refused.
/// </summary>
public abstract class GitAccessDeniedTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task ReadOnlyUser_ClonesButCannotPush()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "read-only", commits: 1);
        var (reader, credentials) = await server.NewGitUserAsync("reader", GitSteps.ReadOnly);
        var login = git.LoginWith(credentials, repository.CloneUrl);
        var clone = git.NewPath("reader");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, clone])).Ok();
        var before = await git.ServerRefsAsync(server, repository);
        await git.CommitAsync(clone, "b.txt", "b\n", "not allowed");

        var push = await git.RunAsync(clone, [.. login, "push", "origin", "HEAD:main"]);

        Assert.Contains(
            $"remote: User: arn:aws:iam::{server.AccountId}:user/{reader} is not authorized to perform: codecommit:GitPush on resource: arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{repository.Name}",
            push.Failed(), StringComparison.Ordinal);
        Assert.Contains("403", push.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await git.ServerRefsAsync(server, repository));
    }

    [Fact]
    public async Task UserWithoutPolicies_IsDeniedGitPull()
    {
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("private");
        var (user, credentials) = await server.NewGitUserAsync("nobody");

        var clone = await git.RunAsync(git.Root, [.. git.LoginWith(credentials, repository.CloneUrl), "clone", repository.CloneUrl, git.NewPath("denied")]);

        Assert.Contains(
            $"remote: User: arn:aws:iam::{server.AccountId}:user/{user} is not authorized to perform: codecommit:GitPull on resource: arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{repository.Name} because no identity-based policy allows the codecommit:GitPull action",
            clone.Failed(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingRepository_IsNotFound()
    {
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("exists");
        var (_, credentials) = await server.NewGitUserAsync("dev", GitSteps.PowerUser);
        var missing = repository.CloneUrl.Replace(repository.Name, "no-such-repository", StringComparison.Ordinal);

        var clone = await git.RunAsync(git.Root, [.. git.LoginWith(credentials, missing), "clone", missing, git.NewPath("missing")]);

        Assert.Contains($"fatal: repository '{missing}/' not found", clone.Failed(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCredentials_GitAsksAndCannotPrompt()
    {
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("anonymous");

        var clone = await git.RunAsync(git.Root, "-c", "credential.helper=", "clone", repository.CloneUrl, git.NewPath("anonymous"));

        Assert.Contains("terminal prompts disabled", clone.Failed(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPassword_AuthenticationFailed()
    {
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("wrong-password");
        var (_, credentials) = await server.NewGitUserAsync("dev", GitSteps.PowerUser);

        var clone = await git.RunAsync(git.Root,
            [.. git.LoginWith(credentials.ServiceUserName, credentials.ServicePassword + "x", repository.CloneUrl), "clone", repository.CloneUrl, git.NewPath("x")]);

        Assert.Contains("Authentication failed for", clone.Failed(), StringComparison.Ordinal);
        Assert.DoesNotContain(credentials.ServicePassword, server.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdvertisementWithoutCredentials_ChallengesWithBasic()
    {
        using var response = await server.Http.GetAsync("/v1/repos/anything/info/refs?service=git-upload-pack");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"Gitstead\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("GET", "/v1/repos/anything/info/refs")]
    [InlineData("GET", "/v1/repos/anything/info/refs?service=git-upload-archive")]
    [InlineData("GET", "/v1/repos/anything/HEAD")]
    [InlineData("GET", "/v1/repos/anything/objects/info/packs")]
    [InlineData("HEAD", "/v1/repos/anything/info/refs?service=git-upload-pack")]
    [InlineData("POST", "/v1/repos/anything/info/refs")]
    public async Task DumbHttpAndOtherRequests_AreRefused(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True(method == "HEAD" || body.Contains("Dumb HTTP transport is not supported", StringComparison.Ordinal), body);
    }

    [Fact]
    public async Task HostNamingAnotherRegion_DoesNotReachTheRepository()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "regional", commits: 1);
        var (_, credentials) = await server.NewGitUserAsync("dev", GitSteps.PowerUser);
        var elsewhere = repository.CloneUrl.Replace($"git-codecommit.{GitsteadServer.Region}.", "git-codecommit.eu-west-1.", StringComparison.Ordinal);

        var listing = await git.RunAsync(git.Root, [.. git.LoginWith(credentials, elsewhere), "ls-remote", elsewhere]);

        Assert.NotEqual(repository.CloneUrl, elsewhere);
        Assert.Contains($"remote: Repository {repository.Name} does not exist in eu-west-1.", listing.Failed(), StringComparison.Ordinal);
    }
}

public sealed class GitAccessDeniedOnSqlite(SqliteServer server) : GitAccessDeniedTests<SqliteServer>(server);

public sealed class GitAccessDeniedOnPostgres(PostgresServer server) : GitAccessDeniedTests<PostgresServer>(server);
