using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// What git says reaches the SSH client as it would from a plain sshd: git's own standard error
/// (its <c>fatal:</c> lines), the <c>remote:</c> lines of a push, and Gitstead's refusals, each
/// on the client's standard error, with the real OpenSSH client and git.
/// </summary>
public sealed class GitOverSshMessagesOnSqlite(SqliteSshServer server) : IClassFixture<SqliteSshServer>
{
    [Fact]
    public async Task FetchOfAnObjectNobodyAdvertised_ShowsUploadPacksOwnFatalLine()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "ssh-stderr", commits: 1);
        var (user, _) = await server.NewGitUserAsync("ssh-stderr", GitSteps.PowerUser);
        var ssh = await SshLogin.CreateAsync(server, server.SshPort, git, user);
        var clone = git.NewPath("stderr");
        (await git.RunAsync(git.Root, ssh.Environment(), "clone", "-q", ssh.UrlWithKeyId(repository.Name), clone)).Ok();
        const string unknown = "1234567890123456789012345678901234567890";

        var fetch = await git.RunAsync(clone, ssh.Environment(), "-c", "protocol.version=2", "fetch", "origin", unknown);

        // The first line is upload-pack's own stderr (its die()); the second comes through the protocol.
        var stderr = fetch.Failed();
        Assert.Contains($"fatal: git upload-pack: not our ref {unknown}", stderr, StringComparison.Ordinal);
        Assert.Contains($"fatal: remote error: upload-pack: not our ref {unknown}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushWithProgress_ShowsTheRemoteLines()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "ssh-progress", commits: 1);
        var (user, _) = await server.NewGitUserAsync("ssh-progress", GitSteps.PowerUser);
        var ssh = await SshLogin.CreateAsync(server, server.SshPort, git, user);
        var clone = git.NewPath("progress");
        (await git.RunAsync(git.Root, ssh.Environment(), "clone", "-q", ssh.UrlWithKeyId(repository.Name), clone)).Ok();
        // More objects than transfer.unpackLimit (100), deltas of each other, so that receive-pack's
        // index-pack resolves deltas and says so.
        var common = string.Join('\n', Enumerable.Range(1, 2000));
        for (var i = 0; i < 150; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(clone, $"file{i}.txt"), $"{common}\n{i}\n");
        }

        await git.OkAsync(clone, "add", "-A");
        await git.OkAsync(clone, "commit", "-q", "-m", "many files");

        var push = await git.RunAsync(clone, ssh.Environment(), "push", "--progress", "origin", "HEAD:main");

        push.Ok();
        Assert.Contains("remote: Resolving deltas: 100%", push.Stderr, StringComparison.Ordinal);
        Assert.Equal(await git.OkAsync(clone, "rev-parse", "HEAD"), (await git.ServerRefsAsync(server, repository))["refs/heads/main"]);
    }

    [Fact]
    public async Task DeniedPush_ShowsTheSameSentenceAsOverHttps()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "ssh-denied", commits: 1);
        var (reader, credentials) = await server.NewGitUserAsync("ssh-denied", GitSteps.ReadOnly);
        var ssh = await SshLogin.CreateAsync(server, server.SshPort, git, reader);
        var clone = git.NewPath("denied");
        (await git.RunAsync(git.Root, ssh.Environment(), "clone", "-q", ssh.UrlWithKeyId(repository.Name), clone)).Ok();
        await git.CommitAsync(clone, "denied.txt", "denied\n", "not allowed");

        var overSsh = await git.RunAsync(clone, ssh.Environment(), "push", "origin", "HEAD:main");
        var overHttps = await git.RunAsync(clone, [.. git.LoginWith(credentials, repository.CloneUrl), "push", repository.CloneUrl, "HEAD:main"]);

        var sentence = $"User: arn:aws:iam::{server.AccountId}:user/{reader} is not authorized to perform: codecommit:GitPush on resource: arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{repository.Name}";
        Assert.Contains(sentence, overHttps.Failed(), StringComparison.Ordinal);
        Assert.Contains(sentence, overSsh.Failed(), StringComparison.Ordinal);
    }
}
