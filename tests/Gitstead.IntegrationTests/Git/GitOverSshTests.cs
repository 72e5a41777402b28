using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// Git over SSH as a CodeCommit user does it, with the real OpenSSH client and the real git: the
/// public key uploaded through IAM (with boto3 here; SshPublicKeyTests uploads with the aws CLI),
/// the key id as SSH user name (in the URL, or as <c>User</c> in <c>~/.ssh/config</c>), the same
/// authorization as over HTTPS.
/// </summary>
public abstract class GitOverSshTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer, ISshServer
{
    [Theory]
    [InlineData("0")]
    [InlineData("2")]
    public async Task KeyIdInUrl_ClonesAndPushes(string protocolVersion)
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "ssh-url", commits: 2);
        var (user, _) = await server.NewGitUserAsync("ssh-dev", GitSteps.PowerUser);
        var ssh = await SshLogin.CreateAsync(server, server.SshPort, git, user);
        var url = ssh.UrlWithKeyId(repository.Name);
        var clone = git.NewPath("ssh");

        (await git.RunAsync(git.Root, ssh.Environment(), "-c", $"protocol.version={protocolVersion}", "clone", "-q", url, clone)).Ok();
        var commit = await git.CommitAsync(clone, "over-ssh.txt", "pushed over ssh\n", "over ssh");
        (await git.RunAsync(clone, ssh.Environment(), "-c", $"protocol.version={protocolVersion}", "push", "-q", "origin", "HEAD:main")).Ok();

        Assert.Equal("commit 2", await git.OkAsync(clone, "log", "-1", "--format=%s", "HEAD~1"));
        Assert.Equal(commit, (await git.ServerRefsAsync(server, repository))["refs/heads/main"]);
        Assert.Contains($"ssh git-receive-pack arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{repository.Name} served to arn:aws:iam::{server.AccountId}:user/{user}",
            server.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyIdInSshConfig_ClonesCloneUrlSshShallowAndPartial()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "ssh-config", commits: 3);
        var (user, _) = await server.NewGitUserAsync("ssh-dev", GitSteps.PowerUser);
        var ssh = await SshLogin.CreateAsync(server, server.SshPort, git, user, userInConfig: true);
        var cloneUrlSsh = (string)(await server.GetRepositoryAsync(repository.Name))["cloneUrlSsh"];
        var shallow = git.NewPath("shallow");
        var partial = git.NewPath("partial");

        (await git.RunAsync(git.Root, ssh.Environment(), "clone", "-q", "--depth", "1", cloneUrlSsh, shallow)).Ok();
        (await git.RunAsync(git.Root, ssh.Environment(), "clone", "-q", "--filter=blob:none", cloneUrlSsh, partial)).Ok();

        Assert.Equal($"ssh://git-codecommit.{GitsteadServer.Region}.localhost:{server.SshPort}/v1/repos/{repository.Name}", cloneUrlSsh);
        Assert.Equal("1", await git.OkAsync(shallow, "rev-list", "--count", "HEAD"));
        Assert.Equal("true", await git.OkAsync(shallow, "rev-parse", "--is-shallow-repository"));
        Assert.Equal("blob:none", await git.OkAsync(partial, "config", "remote.origin.partialclonefilter"));
        Assert.Equal("3", await git.OkAsync(partial, "rev-list", "--count", "HEAD"));
    }

    [Fact]
    public async Task ReadOnlyUser_ClonesButCannotPush()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "ssh-read-only", commits: 1);
        var (reader, _) = await server.NewGitUserAsync("ssh-reader", GitSteps.ReadOnly);
        var ssh = await SshLogin.CreateAsync(server, server.SshPort, git, reader);
        var clone = git.NewPath("reader");
        (await git.RunAsync(git.Root, ssh.Environment(), "clone", "-q", ssh.UrlWithKeyId(repository.Name), clone)).Ok();
        var before = await git.ServerRefsAsync(server, repository);
        await git.CommitAsync(clone, "b.txt", "b\n", "not allowed");

        var push = await git.RunAsync(clone, ssh.Environment(), "push", "origin", "HEAD:main");

        Assert.Contains(
            $"User: arn:aws:iam::{server.AccountId}:user/{reader} is not authorized to perform: codecommit:GitPush on resource: arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{repository.Name}",
            push.Failed(), StringComparison.Ordinal);
        Assert.Equal(before, await git.ServerRefsAsync(server, repository));
    }

    [Fact]
    public async Task DenyPushesToMainPolicy_RejectsPushToMain()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "ssh-protected", commits: 1);
        var (user, _) = await server.NewGitUserAsync("ssh-dev", GitSteps.PowerUser);
        (await server.RunAwsAsync(server.Root, "iam", "put-user-policy", "--user-name", user,
            "--policy-name", "DenyPushesToMain", "--policy-document", DenyPushesToMain(repository))).Ok();
        var ssh = await SshLogin.CreateAsync(server, server.SshPort, git, user);
        var clone = git.NewPath("protected");
        (await git.RunAsync(git.Root, ssh.Environment(), "clone", "-q", ssh.UrlWithKeyId(repository.Name), clone)).Ok();
        var before = await git.ServerRefsAsync(server, repository);
        await git.CommitAsync(clone, "main.txt", "main\n", "to main");

        var push = await git.RunAsync(clone, ssh.Environment(), "push", "origin", "HEAD:main");
        var feature = await git.RunAsync(clone, ssh.Environment(), "push", "origin", "HEAD:feature");

        var stderr = push.Failed();
        Assert.Contains("! [remote rejected] HEAD -> main (denied by an IAM policy (codecommit:GitPush))", stderr, StringComparison.Ordinal);
        Assert.Contains($"remote: Push rejected: User: arn:aws:iam::{server.AccountId}:user/{user}", stderr, StringComparison.Ordinal);
        Assert.Contains("with an explicit deny in an identity-based policy", stderr, StringComparison.Ordinal);
        Assert.Equal(before["refs/heads/main"], (await git.ServerRefsAsync(server, repository))["refs/heads/main"]);
        feature.Ok();
        Assert.True((await git.ServerRefsAsync(server, repository)).ContainsKey("refs/heads/feature"));
    }

    [Theory]
    [InlineData("deactivated key")]
    [InlineData("deleted key")]
    [InlineData("deactivated user")]
    [InlineData("deleted user")]
    public async Task LoginThatWorkedBefore_IsRefusedAtTheNextConnection(string change)
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "ssh-revoked", commits: 1);
        var (user, credentials) = await server.NewGitUserAsync("ssh-revoked", GitSteps.PowerUser);
        var ssh = await SshLogin.CreateAsync(server, server.SshPort, git, user);
        var url = ssh.UrlWithKeyId(repository.Name);
        (await git.RunAsync(git.Root, ssh.Environment(), "ls-remote", url)).Ok();

        await RevokeAsync(change, user, ssh.KeyId, credentials);
        var listing = await git.RunAsync(git.Root, ssh.Environment(), "ls-remote", url);

        var stderr = listing.Failed();
        if (change == "deactivated user")
        {
            Assert.Contains($"User: arn:aws:iam::{server.AccountId}:user/{user} is not authorized to perform: codecommit:GitPull", stderr, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains($"{ssh.KeyId}@127.0.0.1: Permission denied (publickey)", stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ShellForwardingAndOtherPaths_AreRefused()
    {
        using var git = new GitClient(server);
        var (user, _) = await server.NewGitUserAsync("ssh-shell", GitSteps.PowerUser);
        var ssh = await SshLogin.CreateAsync(server, server.SshPort, git, user);
        var target = $"{ssh.KeyId}@127.0.0.1";

        var command = await ssh.SshAsync(target, "cat /etc/passwd");
        var shell = await ssh.SshAsync(target);
        var terminal = await ssh.SshAsync("-tt", target);
        var outside = await ssh.SshAsync(target, "git-upload-pack '/etc'");
        var traversal = await ssh.SshAsync(target, "git-upload-pack '/v1/repos/../../etc'");
        var stdioForward = await ssh.SshAsync("-W", $"127.0.0.1:{server.Endpoint.Port}", target);
        var remoteForward = await ssh.SshAsync("-N", "-o", "ExitOnForwardFailure=yes", "-R", "127.0.0.1:0:127.0.0.1:22", target);

        foreach (var refused in new[] { command, shell, outside, traversal })
        {
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("Gitstead serves only Git over SSH", refused.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("root:", refused.Stdout, StringComparison.Ordinal);
        }

        Assert.NotEqual(0, terminal.ExitCode);
        Assert.Contains("PTY allocation request failed", terminal.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, stdioForward.ExitCode);
        Assert.Contains("stdio forwarding failed", stdioForward.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, remoteForward.ExitCode);
        Assert.Contains("remote port forwarding failed", remoteForward.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KilledSshd_IsRestartedAndTheNextCloneWorks()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "ssh-restart", commits: 1);
        var (user, _) = await server.NewGitUserAsync("ssh-dev", GitSteps.PowerUser);
        var ssh = await SshLogin.CreateAsync(server, server.SshPort, git, user);
        var before = SshdPids().Last();

        System.Diagnostics.Process.GetProcessById(before).Kill();
        for (var attempt = 0; attempt < 600 && SshdPids().Last() == before; attempt++)
        {
            await Task.Delay(100);
        }

        var after = SshdPids().Last();
        var clone = await RetryAsync(() => git.RunAsync(git.Root, ssh.Environment(), "clone", "-q", ssh.UrlWithKeyId(repository.Name), git.NewPath("after")));

        Assert.NotEqual(before, after);
        clone.Ok();
        Assert.Contains("sshd exited with", server.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyRepository_ClonedWithDefaultBranchMain_GetsMainAndFirstPushSetsDefault()
    {
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("ssh-empty");
        var (user, _) = await server.NewGitUserAsync("ssh-dev", GitSteps.PowerUser);
        var ssh = await SshLogin.CreateAsync(server, server.SshPort, git, user);
        var overSsh = git.NewPath("empty-ssh");
        var overSshV0 = git.NewPath("empty-ssh-v0");

        (await git.RunAsync(git.Root, ssh.Environment(), "-c", "init.defaultBranch=main", "clone", "-q", ssh.UrlWithKeyId(repository.Name), overSsh)).Ok();
        (await git.RunAsync(git.Root, ssh.Environment(), "-c", "init.defaultBranch=main", "-c", "protocol.version=0", "clone", "-q", ssh.UrlWithKeyId(repository.Name), overSshV0)).Ok();
        await git.CommitAsync(overSsh, "first.txt", "first\n", "first");
        (await git.RunAsync(overSsh, ssh.Environment(), "push", "-q", "origin", "main")).Ok();

        Assert.Equal("main", await git.OkAsync(overSsh, "branch", "--show-current"));
        Assert.Equal("main", await git.OkAsync(overSshV0, "branch", "--show-current"));
        Assert.Equal("main", (string)(await server.GetRepositoryAsync(repository.Name))["defaultBranch"]);
    }

    [Fact]
    public async Task CorruptCommit_IsRefusedBeforeAnyRefMoves()
    {
        using var git = new GitClient(server);
        var (repository, _, clone) = await git.RepositoryWithHistoryAsync(server, "ssh-fsck", commits: 1);
        var (user, _) = await server.NewGitUserAsync("ssh-dev", GitSteps.PowerUser);
        var ssh = await SshLogin.CreateAsync(server, server.SshPort, git, user);
        var modified = (await server.GetRepositoryAsync(repository.Name))["lastModifiedDate"]!.ToJsonString();
        var tree = await git.OkAsync(clone, "rev-parse", "HEAD^{tree}");
        var parent = await git.OkAsync(clone, "rev-parse", "HEAD");
        var body = Path.Combine(git.Root, "corrupt-commit");
        await File.WriteAllTextAsync(body, $"tree {tree}\nparent {parent}\ncommitter nobody\n\nno author, malformed committer\n");
        var corrupt = await git.OkAsync(clone, "hash-object", "-t", "commit", "-w", "--literally", body);
        await git.OkAsync(clone, "update-ref", "refs/heads/corrupt", corrupt);
        (await git.RunAsync(clone, "remote", "set-url", "origin", ssh.UrlWithKeyId(repository.Name))).Ok();

        var push = await git.RunAsync(clone, ssh.Environment(), "push", "origin", "corrupt");

        var stderr = push.Failed();
        Assert.Contains("corrupt", stderr, StringComparison.Ordinal);
        Assert.False((await git.ServerRefsAsync(server, repository)).ContainsKey("refs/heads/corrupt"));
        Assert.Equal(modified, (await server.GetRepositoryAsync(repository.Name))["lastModifiedDate"]!.ToJsonString());
    }

    /// <summary>Every sshd pid the server logged, in order.</summary>
    private int[] SshdPids() =>
        [.. System.Text.RegularExpressions.Regex.Matches(server.LogText, @"sshd started \(pid (\d+)\)").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>sshd listens a moment after it is started: a refused connection right then is tried again.</summary>
    private static async Task<GitRun> RetryAsync(Func<Task<GitRun>> run)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await run();
            if (result.Succeeded || attempt == 50 || !result.Stderr.Contains("Connection refused", StringComparison.Ordinal))
            {
                return result;
            }

            await Task.Delay(200);
        }
    }

    private async Task RevokeAsync(string change, string user, string keyId, GitCredentials credentials)
    {
        switch (change)
        {
            case "deactivated key":
                (await server.RunAwsAsync(server.Root, "iam", "update-ssh-public-key", "--user-name", user, "--ssh-public-key-id", keyId, "--status", "Inactive")).Ok();
                break;
            case "deleted key":
                (await server.RunAwsAsync(server.Root, "iam", "delete-ssh-public-key", "--user-name", user, "--ssh-public-key-id", keyId)).Ok();
                break;
            case "deactivated user":
                // IAM users have no status; AWS's way to disable one is an explicit deny of everything.
                var denyAll = new JsonObject
                {
                    ["Version"] = "2012-10-17",
                    ["Statement"] = new JsonArray(new JsonObject { ["Effect"] = "Deny", ["Action"] = "*", ["Resource"] = "*" }),
                }.ToJsonString();
                (await server.RunAwsAsync(server.Root, "iam", "put-user-policy", "--user-name", user, "--policy-name", "DenyAll", "--policy-document", denyAll)).Ok();
                break;
            case "deleted user":
                // DeleteUser's contract: what the user owns goes first; the key is deleted last of all.
                (await server.RunAwsAsync(server.Root, "iam", "delete-service-specific-credential", "--user-name", user,
                    "--service-specific-credential-id", credentials.ServiceSpecificCredentialId)).Ok();
                (await server.RunAwsAsync(server.Root, "iam", "detach-user-policy", "--user-name", user, "--policy-arn", GitSteps.PowerUser)).Ok();
                (await server.RunAwsAsync(server.Root, "iam", "delete-ssh-public-key", "--user-name", user, "--ssh-public-key-id", keyId)).Ok();
                (await server.RunAwsAsync(server.Root, "iam", "delete-user", "--user-name", user)).Ok();
                break;
        }
    }

    private string DenyPushesToMain(GitRepository repository) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Effect"] = "Deny",
            ["Action"] = new JsonArray("codecommit:GitPush", "codecommit:DeleteBranch", "codecommit:PutFile", "codecommit:MergeBranchesByFastForward"),
            ["Resource"] = $"arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{repository.Name}",
            ["Condition"] = new JsonObject
            {
                ["StringEqualsIfExists"] = new JsonObject { ["codecommit:References"] = new JsonArray("refs/heads/main") },
                ["Null"] = new JsonObject { ["codecommit:References"] = "false" },
            },
        }),
    }.ToJsonString();
}

public sealed class GitOverSshOnSqlite(SqliteSshServer server) : GitOverSshTests<SqliteSshServer>(server);

public sealed class GitOverSshOnPostgres(PostgresSshServer server) : GitOverSshTests<PostgresSshServer>(server);
