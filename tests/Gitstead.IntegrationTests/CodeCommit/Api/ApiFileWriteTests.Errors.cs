using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>Every modelled error of the three writes, raised where the CodeCommit API reference raises it, and nothing moved.</summary>
public abstract partial class ApiFileWriteTests<TServer>
{
    private static readonly ConcurrentDictionary<GitsteadServer, Lazy<Task<ErrorRepository>>> s_errorRepositories = new();

    [Theory]
    [InlineData("PutFile", "no-parent", "ParentCommitIdRequiredException")]
    [InlineData("PutFile", "old-parent", "ParentCommitIdOutdatedException")]
    [InlineData("PutFile", "missing-parent", "ParentCommitDoesNotExistException")]
    [InlineData("PutFile", "short-parent", "InvalidParentCommitIdException")]
    [InlineData("PutFile", "missing-branch", "BranchDoesNotExistException")]
    [InlineData("PutFile", "tag-branch", "BranchNameIsTagNameException")]
    [InlineData("PutFile", "bad-branch", "InvalidBranchNameException")]
    [InlineData("PutFile", "missing-repository", "RepositoryDoesNotExistException")]
    [InlineData("PutFile", "same-content", "SameFileContentException")]
    [InlineData("PutFile", "empty-content", "FileContentRequiredException")]
    [InlineData("PutFile", "too-large", "FileContentSizeLimitExceededException")]
    [InlineData("PutFile", "root-path", "PathRequiredException")]
    [InlineData("PutFile", "dot-dot-path", "InvalidPathException")]
    [InlineData("PutFile", "dot-git-path", "InvalidPathException")]
    [InlineData("PutFile", "over-folder", "FileNameConflictsWithDirectoryNameException")]
    [InlineData("PutFile", "under-file", "DirectoryNameConflictsWithFileNameException")]
    [InlineData("PutFile", "in-submodule", "FilePathConflictsWithSubmodulePathException")]
    [InlineData("PutFile", "bad-mode", "InvalidFileModeException")]
    [InlineData("PutFile", "bad-email", "InvalidEmailException")]
    [InlineData("PutFile", "long-name", "NameLengthExceededException")]
    [InlineData("PutFile", "long-message", "CommitMessageLengthExceededException")]
    [InlineData("DeleteFile", "missing-file", "FileDoesNotExistException")]
    [InlineData("DeleteFile", "folder", "FileDoesNotExistException")]
    [InlineData("DeleteFile", "old-parent", "ParentCommitIdOutdatedException")]
    [InlineData("CreateCommit", "no-entries", "FileEntryRequiredException")]
    [InlineData("CreateCommit", "too-many", "MaximumFileEntriesExceededException")]
    [InlineData("CreateCommit", "content-and-source", "FileContentAndSourceFileSpecifiedException")]
    [InlineData("CreateCommit", "neither", "SourceFileOrContentRequiredException")]
    [InlineData("CreateCommit", "twice", "SamePathRequestException")]
    [InlineData("CreateCommit", "move-and-delete", "SamePathRequestException")]
    [InlineData("CreateCommit", "file-and-folder", "PutFileEntryConflictException")]
    [InlineData("CreateCommit", "gitkeep-source", "RestrictedSourceFileException")]
    [InlineData("CreateCommit", "missing-source", "FileDoesNotExistException")]
    [InlineData("CreateCommit", "mode-of-missing", "FileDoesNotExistException")]
    [InlineData("CreateCommit", "same-mode", "NoChangeException")]
    [InlineData("CreateCommit", "full-folder", "FolderContentSizeLimitExceededException")]
    [InlineData("CreateCommit", "too-much", "FileContentSizeLimitExceededException")]
    public async Task Write_RefusedRequest_ModelledErrorAndTheBranchStays(string operation, string condition, string code)
    {
        // Arrange
        var repo = await s_errorRepositories.GetOrAdd(server, s => new Lazy<Task<ErrorRepository>>(() => ErrorRepository.BuildAsync(s))).Value;
        var parameters = Request(repo, operation, condition);

        // Act
        var result = await Call(server.Root, operation, parameters);
        var error = result.Failed();

        // Assert
        Assert.True((code, 400) == (error.Code, error.Status), $"expected {code} (400): {result}\n--- server log ---\n{result.ServerLogTail}");
        var main = (await Call(server.Root, "GetBranch", new { repositoryName = repo.Name, branchName = "main" })).Ok();
        Assert.Equal(repo.Tip, (string)main["branch"]!["commitId"]);
    }

    [Fact]
    public async Task CreateCommit_SetFileModeWithoutMode_FileModeRequired()
    {
        // Arrange: botocore refuses to send it, so the request is signed and sent by hand.
        var repo = await s_errorRepositories.GetOrAdd(server, s => new Lazy<Task<ErrorRepository>>(() => ErrorRepository.BuildAsync(s))).Value;
        var body = new JsonObject
        {
            ["repositoryName"] = repo.Name,
            ["branchName"] = "main",
            ["parentCommitId"] = repo.Tip,
            ["setFileModes"] = new JsonArray(new JsonObject { ["filePath"] = "README.md" }),
        };
        var headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-amz-json-1.1", ["X-Amz-Target"] = "CodeCommit_20150413.CreateCommit" };

        // Act
        var response = await server.SendRawAsync(body.ToJsonString(), new RawSigning(server.Root, "codecommit"), headers);

        // Assert
        Assert.Equal(400, response.Status);
        Assert.EndsWith("FileModeRequiredException", (string)JsonNode.Parse(response.Body)!["__type"]);
    }

    private static JsonObject Request(ErrorRepository repo, string operation, string condition)
    {
        var request = new JsonObject { ["repositoryName"] = repo.Name, ["branchName"] = "main", ["parentCommitId"] = repo.Tip };
        if (operation == "PutFile")
        {
            request["filePath"] = "new.txt";
            request["fileContent"] = Bytes(Encoding.UTF8.GetBytes("new\n"));
        }
        else if (operation == "DeleteFile")
        {
            request["filePath"] = "README.md";
        }

        switch (condition)
        {
            case "no-parent": request.Remove("parentCommitId"); break;
            case "old-parent": request["parentCommitId"] = repo.First; break;
            case "missing-parent": request["parentCommitId"] = new string('e', 40); break;
            case "short-parent": request["parentCommitId"] = repo.Tip[..12]; break;
            case "missing-branch": request["branchName"] = "nope"; break;
            case "tag-branch": request["branchName"] = "v1"; break;
            case "bad-branch": request["branchName"] = "a..b"; break;
            case "missing-repository": request["repositoryName"] = GitsteadServer.UniqueName("ghost"); break;
            case "same-content": (request["filePath"], request["fileContent"]) = ("README.md", Bytes(Encoding.UTF8.GetBytes(ErrorRepository.Readme))); break;
            case "empty-content": request["fileContent"] = Bytes([]); break;
            case "too-large": request["fileContent"] = Bytes(new byte[(6 * 1024 * 1024) + 1]); break;
            case "root-path": request["filePath"] = "/"; break;
            case "dot-dot-path": request["filePath"] = "src/../x.txt"; break;
            case "dot-git-path": request["filePath"] = ".GIT/config"; break;
            case "over-folder": request["filePath"] = "src"; break;
            case "under-file": request["filePath"] = "README.md/x.txt"; break;
            case "in-submodule": request["filePath"] = "vendor/lib/x.txt"; break;
            case "bad-mode": request["fileMode"] = "SETUID"; break;
            case "bad-email": request["email"] = "Ada <ada@example.com>"; break;
            case "long-name": request["name"] = new string('n', 1025); break;
            case "long-message": request["commitMessage"] = new string('m', (256 * 1024) + 1); break;
            case "missing-file": request["filePath"] = "nope.txt"; break;
            case "folder": request["filePath"] = "src"; break;
            case "no-entries": break;
            case "too-many": request["deleteFiles"] = Entries(Enumerable.Range(0, 101).Select(i => Delete($"f{i}.txt"))); break;
            case "content-and-source": request["putFiles"] = Entries([Put("x.txt", Bytes([1]), "README.md")]); break;
            case "neither": request["putFiles"] = Entries([new JsonObject { ["filePath"] = "x.txt" }]); break;
            case "twice": request["deleteFiles"] = Entries([Delete("README.md"), Delete("/README.md")]); break;
            case "move-and-delete":
                request["putFiles"] = Entries([Put("x.txt", null, "README.md", isMove: true)]);
                request["deleteFiles"] = Entries([Delete("README.md")]);
                break;
            case "file-and-folder": request["putFiles"] = Entries([Put("d", Bytes([1])), Put("d/e", Bytes([2]))]); break;
            case "gitkeep-source": request["putFiles"] = Entries([Put("x.txt", null, "src/.gitkeep")]); break;
            case "missing-source": request["putFiles"] = Entries([Put("x.txt", null, "nope.txt")]); break;
            case "mode-of-missing": request["setFileModes"] = Entries([new JsonObject { ["filePath"] = "nope.txt", ["fileMode"] = "EXECUTABLE" }]); break;
            case "same-mode": request["setFileModes"] = Entries([new JsonObject { ["filePath"] = "README.md", ["fileMode"] = "NORMAL" }]); break;
            case "full-folder": request["putFiles"] = Entries([Put("big/a", Bytes(new byte[7 << 19])), Put("big/b", Bytes(new byte[7 << 19]))]); break;
            case "too-much": request["putFiles"] = Entries([Put("a/x", Bytes(new byte[5 << 19])), Put("b/x", Bytes(new byte[5 << 19])), Put("c/x", Bytes(new byte[5 << 19]))]); break;
            default: throw new ArgumentException(condition);
        }

        return request;
    }

    private static JsonObject Bytes(byte[] content) => new() { ["$base64"] = Convert.ToBase64String(content) };

    private static JsonArray Entries(IEnumerable<JsonObject> entries) => new([.. entries]);

    private static JsonObject Delete(string path) => new() { ["filePath"] = path };

    private static JsonObject Put(string path, JsonObject? content, string? source = null, bool isMove = false)
    {
        var entry = new JsonObject { ["filePath"] = path };
        if (content is not null)
        {
            entry["fileContent"] = content;
        }

        if (source is not null)
        {
            entry["sourceFile"] = new JsonObject { ["filePath"] = source, ["isMove"] = isMove };
        }

        return entry;
    }

    /// <summary>
    /// main with README.md, src/a.txt and a submodule at vendor/lib (pushed by git, the only way to
    /// make one), two commits; a tag v1. Only read by the tests.
    /// </summary>
    private sealed record ErrorRepository(string Name, string First, string Tip)
    {
        public const string Readme = "# Errors\n";

        public static async Task<ErrorRepository> BuildAsync(GitsteadServer server)
        {
            using var git = new GitClient(server);
            var repository = await server.NewRepositoryAsync("write-errors");
            var (_, credentials) = await server.NewGitUserAsync("errors", GitSteps.PowerUser);
            var login = git.LoginWith(credentials, repository.CloneUrl);
            var clone = git.NewPath("errors");
            (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, clone])).Ok();
            await git.OkAsync(clone, "checkout", "-q", "-b", "main");
            var first = await git.CommitAsync(clone, "README.md", Readme, "first");
            await git.OkAsync(clone, "update-index", "--add", "--cacheinfo", "160000,1234567890abcdef1234567890abcdef12345678,vendor/lib");
            var tip = await git.CommitAsync(clone, "src/a.txt", "a\n", "second");
            await git.OkAsync(clone, "tag", "v1", first);
            (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "main", "v1"])).Ok();
            return new ErrorRepository(repository.Name, first, tip);
        }
    }
}
