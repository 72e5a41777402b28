using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// AWS's documented "limit pushes and merges to branches" policy (a deny on
/// <c>codecommit:GitPush</c> with <c>codecommit:References</c> and the <c>Null</c> guard), as
/// an inline policy of a power user: pushes to main are rejected with a readable reason and
/// move nothing; other branches are pushed as usual.
/// </summary>
public abstract class GitReferencePolicyTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Theory]
    [InlineData("HTTP/2", 0)]
    [InlineData("HTTP/1.1", 3 * 1024 * 1024)]
    public async Task PushToProtectedBranch_IsRejectedAndNothingMoves(string http, int noiseBytes)
    {
        using var git = new GitClient(server);
        var (repository, login, clone) = await ProtectedRepositoryAsync(git);
        var before = await git.ServerRefsAsync(server, repository);
        await File.WriteAllBytesAsync(Path.Combine(clone, "noise.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(noiseBytes));
        await git.OkAsync(clone, "add", "noise.bin");
        await git.CommitAsync(clone, "main.txt", "main\n", "to main");

        var push = await git.RunAsync(clone, [.. login, "-c", $"http.version={http}", "push", "origin", "HEAD:main"]);

        var stderr = push.Failed();
        Assert.Contains("! [remote rejected] HEAD -> main (denied by an IAM policy (codecommit:GitPush))", stderr, StringComparison.Ordinal);
        Assert.Contains($"remote: Push rejected: User: arn:aws:iam::{server.AccountId}:user/", stderr, StringComparison.Ordinal);
        Assert.Contains("with an explicit deny in an identity-based policy", stderr, StringComparison.Ordinal);
        Assert.Equal(before, await git.ServerRefsAsync(server, repository));
        (await git.FsckAsync(server, repository)).Ok();
    }

    [Fact]
    public async Task PushToAnotherBranch_Succeeds()
    {
        using var git = new GitClient(server);
        var (repository, login, clone) = await ProtectedRepositoryAsync(git);
        var commit = await git.CommitAsync(clone, "feature.txt", "feature\n", "to a feature branch");

        (await git.RunAsync(clone, [.. login, "push", "origin", "HEAD:feature"])).Ok();

        Assert.Equal(commit, (await git.ServerRefsAsync(server, repository))["refs/heads/feature"]);
    }

    [Fact]
    public async Task PushOfSeveralRefsIncludingProtectedOne_MovesNoneOfThem()
    {
        using var git = new GitClient(server);
        var (repository, login, clone) = await ProtectedRepositoryAsync(git);
        var before = await git.ServerRefsAsync(server, repository);
        await git.CommitAsync(clone, "both.txt", "both\n", "to main and a new branch");

        var push = await git.RunAsync(clone, [.. login, "push", "origin", "HEAD:main", "HEAD:other", ":prod-candidate"]);

        var stderr = push.Failed();
        Assert.Contains("! [remote rejected] HEAD -> main (denied by an IAM policy", stderr, StringComparison.Ordinal);
        Assert.Contains("! [remote rejected] HEAD -> other (not updated: the push was denied for another ref)", stderr, StringComparison.Ordinal);
        Assert.Equal(before, await git.ServerRefsAsync(server, repository));
    }

    /// <summary>A repository with main and prod-candidate, and a clone by a user whose inline policy protects main and prod.</summary>
    private async Task<(GitRepository, string[], string)> ProtectedRepositoryAsync(GitClient git)
    {
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "protected", commits: 1);
        var (user, credentials) = await server.NewGitUserAsync("dev", GitSteps.PowerUser);
        (await server.RunAwsAsync(server.Root, "iam", "put-user-policy", "--user-name", user,
            "--policy-name", "DenyPushesToMain", "--policy-document", DenyMainAndProd(repository))).Ok();
        var login = git.LoginWith(credentials, repository.CloneUrl);
        var clone = git.NewPath("protected");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, clone])).Ok();
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:prod-candidate"])).Ok();
        return (repository, login, clone);
    }

    /// <summary>The example policy of the CodeCommit user guide, for this repository.</summary>
    private string DenyMainAndProd(GitRepository repository) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Effect"] = "Deny",
            ["Action"] = new JsonArray(
                "codecommit:GitPush", "codecommit:DeleteBranch", "codecommit:PutFile",
                "codecommit:MergeBranchesByFastForward", "codecommit:MergeBranchesBySquash", "codecommit:MergeBranchesByThreeWay",
                "codecommit:MergePullRequestByFastForward", "codecommit:MergePullRequestBySquash", "codecommit:MergePullRequestByThreeWay"),
            ["Resource"] = $"arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{repository.Name}",
            ["Condition"] = new JsonObject
            {
                ["StringEqualsIfExists"] = new JsonObject { ["codecommit:References"] = new JsonArray("refs/heads/main", "refs/heads/prod") },
                ["Null"] = new JsonObject { ["codecommit:References"] = "false" },
            },
        }),
    }.ToJsonString();
}

public sealed class GitReferencePolicyOnSqlite(SqliteServer server) : GitReferencePolicyTests<SqliteServer>(server);

public sealed class GitReferencePolicyOnPostgres(PostgresServer server) : GitReferencePolicyTests<PostgresServer>(server);
