using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// HTTPS Git credentials take effect on the next request: an inactive or deleted credential
/// fails at once, an active one works again, and a reset password replaces the old one at once.
/// </summary>
public abstract class GitCredentialChangesTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task InactiveCredential_FailsUntilActiveAgain()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "inactive", commits: 1);
        var (user, credentials) = await server.NewGitUserAsync("dev", GitSteps.PowerUser);

        await SetStatusAsync(user, credentials, "Inactive");
        var inactive = await LsRemoteAsync(git, credentials.ServiceUserName, credentials.ServicePassword, repository);
        await SetStatusAsync(user, credentials, "Active");
        var active = await LsRemoteAsync(git, credentials.ServiceUserName, credentials.ServicePassword, repository);

        Assert.Contains("Authentication failed for", inactive.Failed(), StringComparison.Ordinal);
        Assert.Contains("refs/heads/main", active.Ok(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedCredential_Fails()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "deleted", commits: 1);
        var (user, credentials) = await server.NewGitUserAsync("dev", GitSteps.PowerUser);
        var before = await LsRemoteAsync(git, credentials.ServiceUserName, credentials.ServicePassword, repository);

        (await server.RunAwsAsync(server.Root, "iam", "delete-service-specific-credential",
            "--user-name", user, "--service-specific-credential-id", credentials.ServiceSpecificCredentialId)).Ok();
        var after = await LsRemoteAsync(git, credentials.ServiceUserName, credentials.ServicePassword, repository);

        before.Ok();
        Assert.Contains("Authentication failed for", after.Failed(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetCredential_OldPasswordFailsAtOnceAndTheNewOneWorks()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "reset", commits: 1);
        var (user, credentials) = await server.NewGitUserAsync("dev", GitSteps.PowerUser);
        (await LsRemoteAsync(git, credentials.ServiceUserName, credentials.ServicePassword, repository)).Ok();

        var reset = (await server.RunAwsAsync(server.Root, "iam", "reset-service-specific-credential",
            "--user-name", user, "--service-specific-credential-id", credentials.ServiceSpecificCredentialId)).Ok()["ServiceSpecificCredential"]!;
        var old = await LsRemoteAsync(git, credentials.ServiceUserName, credentials.ServicePassword, repository);
        var renewed = await LsRemoteAsync(git, credentials.ServiceUserName, (string)reset["ServicePassword"], repository);

        Assert.Contains("Authentication failed for", old.Failed(), StringComparison.Ordinal);
        Assert.Contains("refs/heads/main", renewed.Ok(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedLogin_GitErasesTheStoredCredential()
    {
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("erase");
        var (user, credentials) = await server.NewGitUserAsync("dev", GitSteps.PowerUser);
        await SetStatusAsync(user, credentials, "Inactive");
        var login = git.LoginWith(credentials, repository.CloneUrl);
        var store = login[^1]["credential.helper=store --file=".Length..];

        var listing = await git.RunAsync(git.Root, [.. login, "ls-remote", repository.CloneUrl]);

        listing.Failed();
        Assert.Equal("", (await File.ReadAllTextAsync(store)).Trim());
    }

    private static Task<GitRun> LsRemoteAsync(GitClient git, string user, string password, GitRepository repository) =>
        git.RunAsync(git.Root, [.. git.LoginWith(user, password, repository.CloneUrl), "ls-remote", repository.CloneUrl]);

    private async Task SetStatusAsync(string user, GitCredentials credentials, string status) =>
        (await server.RunAwsAsync(server.Root, "iam", "update-service-specific-credential", "--user-name", user,
            "--service-specific-credential-id", credentials.ServiceSpecificCredentialId, "--status", status)).Ok();
}

public sealed class GitCredentialChangesOnSqlite(SqliteServer server) : GitCredentialChangesTests<SqliteServer>(server);

public sealed class GitCredentialChangesOnPostgres(PostgresServer server) : GitCredentialChangesTests<PostgresServer>(server);
