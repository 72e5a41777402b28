using System.Text;
using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// PutFile, CreateCommit and DeleteFile called with boto3 and the aws CLI, checked with the real
/// git: what a clone shows of the commits (files, modes, the executable bit, a symlink, author,
/// committer, message) is what the calls asked for and answered, and the server's repository
/// passes <c>git fsck --strict</c>.
/// </summary>
public abstract partial class ApiFileWriteTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task PutFileCreateCommitDeleteFile_OnAnEmptyRepository_ACloneShowsEveryChange()
    {
        // Arrange
        using var git = new GitClient(server);
        var repository = await server.NewRepositoryAsync("writes");
        var (user, credentials) = await server.NewGitUserAsync("writer", GitSteps.PowerUser);
        var writer = await server.CreateAccessKeyAsync(user);
        var script = Encoding.UTF8.GetBytes("#!/bin/sh\necho hi\n");

        // Act: the first file makes main (no parent in an empty repository), then one commit of each
        // kind; the third empties copy/ and keep/me/, which keepEmptyFolders keeps with a .gitkeep.
        var first = (await Call(writer, "PutFile", new
        {
            repositoryName = repository.Name,
            branchName = "main",
            filePath = "/docs/README.md",
            fileContent = Blob("# Hello\n"),
            commitMessage = "Add the readme",
            name = "Ada Lovelace",
            email = "ada@example.com",
        })).Ok();
        var second = (await Call(writer, "CreateCommit", new
        {
            repositoryName = repository.Name,
            branchName = "main",
            parentCommitId = (string)first["commitId"],
            authorName = "Ada Lovelace",
            email = "ada@example.com",
            commitMessage = "Tools\n\nand a link",
            putFiles = new object[]
            {
                new { filePath = "bin/tool.sh", fileMode = "EXECUTABLE", fileContent = new Dictionary<string, string> { ["$base64"] = Convert.ToBase64String(script) } },
                new { filePath = "readme-link", fileMode = "SYMLINK", fileContent = Blob("docs/README.md") },
                new { filePath = "copy/README.md", sourceFile = new { filePath = "docs/README.md" } },
                new { filePath = "keep/me/a.txt", fileContent = Blob("a\n") },
            },
        })).Ok();
        var third = (await Call(writer, "CreateCommit", new
        {
            repositoryName = repository.Name,
            branchName = "main",
            parentCommitId = (string)second["commitId"],
            keepEmptyFolders = true,
            putFiles = new object[] { new { filePath = "moved/README.md", sourceFile = new { filePath = "copy/README.md", isMove = true } } },
            deleteFiles = new object[] { new { filePath = "keep/me/a.txt" } },
            setFileModes = new object[] { new { filePath = "docs/README.md", fileMode = "EXECUTABLE" } },
        })).Ok();
        var cliFile = Path.Combine(git.Root, "notes.txt");
        await File.WriteAllTextAsync(cliFile, "from the CLI\n");
        var fourth = (await server.RunAwsAsync(writer, "codecommit", "put-file", "--repository-name", repository.Name, "--branch-name", "main",
            "--file-path", "notes.txt", "--file-content", "fileb://" + cliFile, "--parent-commit-id", (string)third["commitId"])).Ok();
        var fifth = (await Call(server.Root, "DeleteFile", new
        {
            repositoryName = repository.Name,
            branchName = "main",
            filePath = "bin/tool.sh",
            parentCommitId = (string)fourth["commitId"],
        })).Ok();

        // Assert: what git says of the same commits.
        var login = git.LoginWith(credentials, repository.CloneUrl);
        var clone = git.NewPath("writes");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, clone])).Ok();
        Assert.Equal((string)fifth["commitId"], await git.OkAsync(clone, "rev-parse", "HEAD"));
        Assert.Equal("main", (string)(await server.GetRepositoryAsync(repository.Name))["defaultBranch"]);
        Assert.Equal(
            $"{(string)fourth["commitId"]}\n{(string)third["commitId"]}\n{(string)second["commitId"]}\n{(string)first["commitId"]}",
            await git.OkAsync(clone, "log", "--format=%P", "-4"));
        Assert.Equal("Ada Lovelace|ada@example.com|Ada Lovelace|ada@example.com|Add the readme",
            await git.OkAsync(clone, "log", "-1", "--format=%an|%ae|%cn|%ce|%B", (string)first["commitId"]));
        Assert.Equal("Tools\n\nand a link", await git.OkAsync(clone, "log", "-1", "--format=%B", (string)second["commitId"]));
        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/{user}|", await git.OkAsync(clone, "log", "-1", "--format=%an|%ae", (string)third["commitId"]));
        Assert.Equal($"arn:aws:iam::{server.AccountId}:root||Deleted bin/tool.sh", await git.OkAsync(clone, "log", "-1", "--format=%an|%ae|%B"));
        Assert.Equal((await git.OkAsync(clone, "rev-parse", (string)first["commitId"] + ":docs/README.md"), await git.OkAsync(clone, "rev-parse", "HEAD^{tree}")),
            ((string)first["blobId"], (string)fifth["treeId"]));
        Assert.Equal((string)third["treeId"], await git.OkAsync(clone, "rev-parse", (string)third["commitId"] + "^{tree}"));

        var tree = await git.OkAsync(clone, "ls-tree", "-r", "--format=%(objectmode) %(path)", (string)fourth["commitId"]);
        Assert.Equal(
            ["100644 copy/.gitkeep", "100644 keep/me/.gitkeep", "100644 moved/README.md", "100644 notes.txt", "100755 bin/tool.sh", "100755 docs/README.md", "120000 readme-link"],
            tree.Split('\n').Order(StringComparer.Ordinal));
        Assert.Equal("docs/README.md", File.ResolveLinkTarget(Path.Combine(clone, "readme-link"), returnFinalTarget: false)!.ToString().Replace(clone + "/", ""));
        Assert.True(File.GetUnixFileMode(Path.Combine(clone, "docs", "README.md")).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal("# Hello\n", await File.ReadAllTextAsync(Path.Combine(clone, "moved", "README.md")));
        Assert.Equal(ContentRepository.BlobId(script), await git.OkAsync(clone, "rev-parse", (string)second["commitId"] + ":bin/tool.sh"));

        await AssertFilesAsync(git, second["filesAdded"], clone, (string)second["commitId"], "bin/tool.sh EXECUTABLE", "copy/README.md NORMAL", "keep/me/a.txt NORMAL", "readme-link SYMLINK");
        await AssertFilesAsync(git, third["filesAdded"], clone, (string)third["commitId"], "copy/.gitkeep NORMAL", "keep/me/.gitkeep NORMAL", "moved/README.md NORMAL");
        await AssertFilesAsync(git, third["filesUpdated"], clone, (string)third["commitId"], "docs/README.md EXECUTABLE");
        Assert.Equal(["copy/README.md", "keep/me/a.txt"], third["filesDeleted"]!.AsArray().Select(f => (string)f!["absolutePath"]).Order(StringComparer.Ordinal));
        Assert.Equal(("bin/tool.sh", await git.OkAsync(clone, "rev-parse", (string)fourth["commitId"] + ":bin/tool.sh")), ((string)fifth["filePath"], (string)fifth["blobId"]));
        (await git.FsckAsync(server, repository)).Ok();
    }

    [Fact]
    public async Task CodeCommitReferencesDenyOnMain_BlocksEveryWriteToMainButNotToAnotherBranch()
    {
        // Arrange: AWS's "deny pushes and merges to main" policy, with the three write actions.
        var repository = await server.NewRepositoryAsync("protected");
        var tip = (string)(await Call(server.Root, "PutFile", new { repositoryName = repository.Name, branchName = "main", filePath = "a.txt", fileContent = Blob("a\n") })).Ok()["commitId"];
        (await Call(server.Root, "CreateBranch", new { repositoryName = repository.Name, branchName = "feature", commitId = tip })).Ok();
        var (user, _) = await server.NewGitUserAsync("guarded", GitSteps.PowerUser);
        (await server.RunAwsAsync(server.Root, "iam", "put-user-policy", "--user-name", user, "--policy-name", "DenyWritesToMain",
            "--policy-document", DenyMain(repository.Name))).Ok();
        var developer = await server.CreateAccessKeyAsync(user);

        // Act
        var put = await Call(developer, "PutFile", new { repositoryName = repository.Name, branchName = "main", filePath = "b.txt", fileContent = Blob("b\n"), parentCommitId = tip });
        var delete = await Call(developer, "DeleteFile", new { repositoryName = repository.Name, branchName = "main", filePath = "a.txt", parentCommitId = tip });
        var commit = await Call(developer, "CreateCommit", new { repositoryName = repository.Name, branchName = "main", parentCommitId = tip, deleteFiles = new[] { new { filePath = "a.txt" } } });
        var feature = await Call(developer, "PutFile", new { repositoryName = repository.Name, branchName = "feature", filePath = "b.txt", fileContent = Blob("b\n"), parentCommitId = tip });

        // Assert
        foreach (var (refused, action) in new[] { (put, "PutFile"), (delete, "DeleteFile"), (commit, "CreateCommit") })
        {
            var error = refused.Failed();
            Assert.Equal("AccessDeniedException", error.Code);
            Assert.Contains($"codecommit:{action}", error.Message, StringComparison.Ordinal);
        }

        Assert.NotEqual(tip, (string)feature.Ok()["commitId"]);
        var main = (await Call(server.Root, "GetBranch", new { repositoryName = repository.Name, branchName = "main" })).Ok();
        Assert.Equal(tip, (string)main["branch"]!["commitId"]);
    }

    [Fact]
    public async Task PutFileRacingAGitPush_EachRoundHasOneWinnerAndTheLoserIsToldWhy()
    {
        // Arrange
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "race", commits: 1);
        int[] apiDelays = [0, 40, 120, 250, 500];

        foreach (var (delay, round) in apiDelays.Select((d, i) => (d, i)))
        {
            var tip = await git.OkAsync(clone, "rev-parse", "HEAD");
            var pushed = await git.CommitAsync(clone, $"push-{round}.txt", $"push {round}\n", $"push {round}");

            // Act: both start from the same tip at the same time.
            var push = git.RunAsync(clone, [.. login, "push", "origin", "HEAD:main"]);
            var put = PutAfterAsync(delay, repository.Name, round, tip);
            await Task.WhenAll(push, put);

            // Assert: exactly one won; the branch holds the winner's commit, on top of the shared tip.
            var serverTip = (await git.ServerRefsAsync(server, repository))["refs/heads/main"];
            if ((await push).Succeeded)
            {
                Assert.Equal("ParentCommitIdOutdatedException", (await put).Failed().Code);
                Assert.Equal(pushed, serverTip);
            }
            else
            {
                Assert.Contains("rejected", (await push).Stderr, StringComparison.Ordinal);
                Assert.Equal((string)(await put).Ok()["commitId"], serverTip);
                (await git.RunAsync(clone, [.. login, "pull", "-q", "--rebase", "origin", "main"])).Ok();
                (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
            }

            Assert.Equal(tip, await git.OkAsync(server.BareRepository(repository.RepositoryId), "rev-parse", serverTip + "^"));
        }

        (await git.FsckAsync(server, repository)).Ok();
    }

    private async Task<BotoResult> PutAfterAsync(int delay, string repositoryName, int round, string tip)
    {
        await Task.Delay(delay);
        return await Call(server.Root, "PutFile", new
        {
            repositoryName,
            branchName = "main",
            filePath = $"api-{round}.txt",
            fileContent = Blob($"api {round}\n"),
            parentCommitId = tip,
        });
    }

    private Task<BotoResult> Call(Credentials caller, string operation, object parameters) =>
        server.Boto3Async(caller, "codecommit", operation, parameters);

    private static Dictionary<string, string> Blob(string text) => new() { ["$base64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) };

    /// <summary>Each listed file's metadata is what <c>git ls-tree</c> shows at the commit.</summary>
    private static async Task AssertFilesAsync(GitClient git, JsonNode? files, string clone, string commit, params string[] expected)
    {
        var listed = files!.AsArray().Select(f => $"{(string)f!["absolutePath"]} {(string)f["fileMode"]}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, listed);
        foreach (var file in files.AsArray())
        {
            Assert.Equal(await git.OkAsync(clone, "rev-parse", $"{commit}:{(string)file!["absolutePath"]}"), (string)file["blobId"]);
        }
    }

    /// <summary>The user guide's policy that denies pushes and merges to main, with the API's write actions.</summary>
    private string DenyMain(string repositoryName) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Effect"] = "Deny",
            ["Action"] = new JsonArray("codecommit:GitPush", "codecommit:PutFile", "codecommit:DeleteFile", "codecommit:CreateCommit"),
            ["Resource"] = $"arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{repositoryName}",
            ["Condition"] = new JsonObject
            {
                ["StringEqualsIfExists"] = new JsonObject { ["codecommit:References"] = new JsonArray("refs/heads/main") },
                ["Null"] = new JsonObject { ["codecommit:References"] = "false" },
            },
        }),
    }.ToJsonString();
}

public sealed class ApiFileWriteOnSqlite(SqliteServer server) : ApiFileWriteTests<SqliteServer>(server);

public sealed class ApiFileWriteOnPostgres(PostgresServer server) : ApiFileWriteTests<PostgresServer>(server);
