using System.Text.Json;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// A user of one account, with full CodeCommit rights there, asks for another account's
/// repository by name: the URL names no account, so it is looked up in the caller's own
/// account and is not found. The second account comes from <c>gitstead account create</c>
/// on the server's store (SQLite, which a second process may open at the same time).
/// </summary>
public sealed class GitCrossAccountOnSqlite(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task RepositoryOfAnotherAccount_IsNotFound()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "theirs", commits: 1);
        var other = await CreateAccountAsync();
        var user = GitsteadServer.UniqueName("outsider");
        (await server.RunAwsAsync(other.RootKey, "iam", "create-user", "--user-name", user)).Ok();
        (await server.RunAwsAsync(other.RootKey, "iam", "attach-user-policy", "--user-name", user,
            "--policy-arn", "arn:aws:iam::aws:policy/AWSCodeCommitFullAccess")).Ok();
        var credential = (await server.RunAwsAsync(other.RootKey, "iam", "create-service-specific-credential",
            "--user-name", user, "--service-name", "codecommit.amazonaws.com")).Ok()["ServiceSpecificCredential"]!;

        var listing = await git.RunAsync(git.Root,
            [.. git.LoginWith((string)credential["ServiceUserName"], (string)credential["ServicePassword"], repository.CloneUrl), "ls-remote", repository.CloneUrl]);

        Assert.NotEqual(server.AccountId, other.AccountId);
        Assert.Contains($"fatal: repository '{repository.CloneUrl}/' not found", listing.Failed(), StringComparison.Ordinal);
    }

    private async Task<InitialCredentials> CreateAccountAsync()
    {
        var result = await ProcessRunner.RunAsync("dotnet",
            [RepositoryLayout.ServerDll, "account", "create", "--data-dir", server.DataDir, "--database", "sqlite"],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
        if (result.ExitCode != 0 || !result.Stdout.Contains('{'))
        {
            throw new InvalidOperationException($"account create failed: {result.Stdout}\n{result.Stderr}");
        }

        // The credentials document follows whatever the host printed before it.
        return JsonSerializer.Deserialize<InitialCredentials>(result.Stdout[result.Stdout.IndexOf('{')..(result.Stdout.LastIndexOf('}') + 1)]);
    }
}
