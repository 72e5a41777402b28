using System.Text.Json;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// A user of another account, with full CodeCommit rights there and its own SSH key, names this
/// account's repository over SSH: its key logs it in as itself, the name is looked up in its own
/// account, and the repository is not found. The second account comes from
/// <c>gitstead account create</c> on the server's SQLite store.
/// </summary>
public sealed class GitOverSshCrossAccountOnSqlite(SqliteSshServer server) : IClassFixture<SqliteSshServer>
{
    [Fact]
    public async Task KeyOfAnotherAccount_DoesNotReachTheRepository()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "ssh-theirs", commits: 1);
        var other = await CreateAccountAsync();
        var user = GitsteadServer.UniqueName("ssh-outsider");
        (await server.RunAwsAsync(other.RootKey, "iam", "create-user", "--user-name", user)).Ok();
        (await server.RunAwsAsync(other.RootKey, "iam", "attach-user-policy", "--user-name", user,
            "--policy-arn", "arn:aws:iam::aws:policy/AWSCodeCommitFullAccess")).Ok();
        var ssh = await SshLogin.CreateAsync(server, server.SshPort, git, user, uploader: other.RootKey);

        var listing = await git.RunAsync(git.Root, ssh.Environment(), "ls-remote", ssh.UrlWithKeyId(repository.Name));

        Assert.NotEqual(server.AccountId, other.AccountId);
        Assert.Contains($"Repository {repository.Name} does not exist in {GitsteadServer.Region}.", listing.Failed(), StringComparison.Ordinal);
        Assert.DoesNotContain(repository.RepositoryId, listing.Stdout, StringComparison.Ordinal);
    }

    private async Task<InitialCredentials> CreateAccountAsync()
    {
        var result = await ProcessRunner.RunAsync("dotnet",
            [RepositoryLayout.ServerDll, "account", "create", "--data-dir", server.DataDir, "--database", "sqlite", "--ssh-port", "0"],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
        if (result.ExitCode != 0 || !result.Stdout.Contains('{'))
        {
            throw new InvalidOperationException($"account create failed: {result.Stdout}\n{result.Stderr}");
        }

        return JsonSerializer.Deserialize<InitialCredentials>(result.Stdout[result.Stdout.IndexOf('{')..(result.Stdout.LastIndexOf('}') + 1)]);
    }
}
