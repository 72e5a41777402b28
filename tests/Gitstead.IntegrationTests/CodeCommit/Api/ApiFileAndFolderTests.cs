using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// GetFolder, GetFile and GetBlob over a repository the real git pushed, called with boto3 and
/// the aws CLI: every answer is what <c>git ls-tree</c>, <c>git rev-parse</c> and the blob ids
/// say of the same commits, and every modelled error is raised where CodeCommit raises it.
/// </summary>
public abstract class ApiFileAndFolderTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Theory]
    [InlineData("")]
    [InlineData("src")]
    [InlineData("src/app")]
    [InlineData("docs")]
    [InlineData("vendor")]
    public async Task GetFolder_FolderOfTheTip_ListsWhatGitLsTreeListsByKind(string folder)
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var listed = await repo.LsTreeAsync($"main:{folder}");

        // Act
        var answer = (await repo.CallAsync("GetFolder", new { repositoryName = repo.Name, folderPath = "/" + folder })).Ok();

        // Assert
        Assert.Equal(repo.Commits["third"], (string)answer["commitId"]);
        Assert.Equal(folder, (string)answer["folderPath"]);
        Assert.Equal(await repo.GitAsync("rev-parse", $"main:{folder}"), (string)answer["treeId"]);
        AssertJson(Entries(listed, folder, e => e.Type == "tree", e => new JsonObject { ["treeId"] = e.Id }), answer["subFolders"]);
        AssertJson(Entries(listed, folder, e => e.Type == "blob" && e.Mode != "120000", e => File(e)), answer["files"]);
        AssertJson(Entries(listed, folder, e => e.Mode == "120000", e => File(e)), answer["symbolicLinks"]);
        AssertJson(Entries(listed, folder, e => e.Type == "commit", e => new JsonObject { ["commitId"] = e.Id }), answer["subModules"]);
        Assert.NotEmpty(answer["files"]!.AsArray().Concat(answer["subFolders"]!.AsArray()).Concat(answer["subModules"]!.AsArray()));
    }

    [Fact]
    public async Task GetFolder_WithTheAwsCliAtATag_ListsTheTaggedTree()
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);

        // Act
        var answer = (await server.RunAwsAsync(server.Root, "codecommit", "get-folder", "--repository-name", repo.Name,
            "--folder-path", "docs/", "--commit-specifier", "v1")).Ok();

        // Assert
        Assert.Equal(repo.Commits["first"], (string)answer["commitId"]);
        Assert.Equal(["docs/guide.md", "docs/naïve café.md"], answer["files"]!.AsArray().Select(f => (string)f!["absolutePath"]));
        Assert.Equal(await repo.GitAsync("rev-parse", "v1:docs"), (string)answer["treeId"]);
    }

    [Theory]
    [InlineData("README.md", "NORMAL")]
    [InlineData("bin/run.sh", "EXECUTABLE")]
    [InlineData("link-to-readme", "SYMLINK")]
    [InlineData("docs/naïve café.md", "NORMAL")]
    [InlineData("assets/logo.png", "NORMAL")]
    public async Task GetFile_EachKindOfFile_BytesModeAndIdsAsGitHasThem(string path, string mode)
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);

        // Act
        var answer = (await repo.CallAsync("GetFile", new { repositoryName = repo.Name, filePath = path })).Ok();

        // Assert
        var content = Convert.FromBase64String((string)answer["fileContent"]);
        Assert.Equal(await repo.GitAsync("rev-parse", $"main:{path}"), (string)answer["blobId"]);
        Assert.Equal(ContentRepository.BlobId(content), (string)answer["blobId"]);
        Assert.Equal(long.Parse(await repo.GitAsync("cat-file", "-s", $"main:{path}")), (long)answer["fileSize"]);
        Assert.Equal((repo.Commits["third"], path, mode), ((string)answer["commitId"], (string)answer["filePath"], (string)answer["fileMode"]));
    }

    [Theory]
    [InlineData(null, "third")]
    [InlineData("main", "third")]
    [InlineData("refs/heads/main", "third")]
    [InlineData("HEAD", "third")]
    [InlineData("side", "side")]
    [InlineData("v1", "first")]
    [InlineData("refs/tags/v1", "first")]
    [InlineData("@second", "second")]
    public async Task GetFile_CommitSpecifier_ReadsTheCommitItNames(string? specifier, string commit)
    {
        // Arrange: "@second" stands for the full id of that commit.
        var repo = await ContentRepository.OfAsync(server);
        var parameters = new JsonObject { ["repositoryName"] = repo.Name, ["filePath"] = "/src/app/main.c" };
        if (specifier is not null)
        {
            parameters["commitSpecifier"] = specifier.StartsWith('@') ? repo.Commits[specifier[1..]] : specifier;
        }

        // Act
        var answer = (await repo.CallAsync("GetFile", parameters)).Ok();

        // Assert
        var id = repo.Commits[commit];
        Assert.Equal(id, (string)answer["commitId"]);
        Assert.Equal(await repo.GitAsync("rev-parse", $"{id}:src/app/main.c"), (string)answer["blobId"]);
        Assert.Equal("src/app/main.c", (string)answer["filePath"]);
    }

    [Theory]
    [InlineData("main", "nope.txt", "FileDoesNotExistException")]
    [InlineData("main", "src", "FileDoesNotExistException")]
    [InlineData("main", "vendor/lib", "FileDoesNotExistException")]
    [InlineData("main", "README.md/inside", "FileDoesNotExistException")]
    [InlineData("main", "docs/guide.md", "FileDoesNotExistException")]
    [InlineData("main", "", "PathRequiredException")]
    [InlineData("main", "src/../README.md", "InvalidPathException")]
    [InlineData("main", ContentRepository.BigFile, "FileTooLargeException")]
    [InlineData("no-such-branch", "README.md", "CommitDoesNotExistException")]
    [InlineData("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "README.md", "CommitDoesNotExistException")]
    [InlineData("main~1", "README.md", "InvalidCommitException")]
    [InlineData("main:README.md", "README.md", "InvalidCommitException")]
    public async Task GetFile_MissingOrMalformedInput_RaisesTheModelledException(string specifier, string path, string code)
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);

        // Act
        var error = (await repo.CallAsync("GetFile", new { repositoryName = repo.Name, commitSpecifier = specifier, filePath = path })).Failed();

        // Assert
        Assert.Equal((code, 400), (error.Code, error.Status));
        Assert.Equal(code, error.Type);
    }

    [Fact]
    public async Task GetFile_RenamedFileAtTheTagBeforeTheRename_IsStillThere()
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);

        // Act
        var answer = (await server.RunAwsAsync(server.Root, "codecommit", "get-file", "--repository-name", repo.Name,
            "--commit-specifier", "v1", "--file-path", "docs/guide.md")).Ok();

        // Assert
        Assert.Equal("A guide.\n"u8.ToArray(), Convert.FromBase64String((string)answer["fileContent"]));
        Assert.Equal(await repo.GitAsync("rev-parse", "v1:docs/guide.md"), (string)answer["blobId"]);
    }

    [Fact]
    public async Task GetBlob_EveryBlobOfTheTip_ContentThatHashesToItsId()
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var blobs = (await repo.LsTreeAsync("main", recursive: true))
            .Where(e => e.Type == "blob" && e.Name != ContentRepository.BigFile)
            .ToList();

        // Act
        var read = new List<(string Id, string Hashed)>();
        foreach (var blob in blobs)
        {
            var answer = (await repo.CallAsync("GetBlob", new { repositoryName = repo.Name, blobId = blob.Id })).Ok();
            read.Add((blob.Id, ContentRepository.BlobId(Convert.FromBase64String((string)answer["content"]))));
        }

        // Assert
        Assert.True(blobs.Count >= 8, $"only {blobs.Count} blobs");
        Assert.All(read, r => Assert.Equal(r.Id, r.Hashed));
    }

    [Fact]
    public async Task GetBlob_WithTheAwsCli_ReturnsTheBase64Content()
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var id = await repo.GitAsync("rev-parse", "main:README.md");

        // Act
        var answer = (await server.RunAwsAsync(server.Root, "codecommit", "get-blob", "--repository-name", repo.Name, "--blob-id", id)).Ok();

        // Assert
        Assert.Equal("# Demo\n"u8.ToArray(), Convert.FromBase64String((string)answer["content"]));
    }

    [Theory]
    [InlineData("", "BlobIdRequiredException")]
    [InlineData("xyz", "InvalidBlobIdException")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "BlobIdDoesNotExistException")]
    [InlineData("tree:main:src", "BlobIdDoesNotExistException")]
    [InlineData("commit:main", "BlobIdDoesNotExistException")]
    [InlineData("blob:main:" + ContentRepository.BigFile, "FileTooLargeException")]
    public async Task GetBlob_MissingMalformedOrNotABlob_RaisesTheModelledException(string blobId, string code)
    {
        // Arrange: "kind:name" stands for the id git resolves the name to.
        var repo = await ContentRepository.OfAsync(server);
        var id = blobId.Contains(':') ? await repo.GitAsync("rev-parse", blobId[(blobId.IndexOf(':') + 1)..]) : blobId;

        // Act
        var error = (await repo.CallAsync("GetBlob", new { repositoryName = repo.Name, blobId = id })).Failed();

        // Assert
        Assert.Equal((code, 400), (error.Code, error.Status));
    }

    [Theory]
    [InlineData("main", "README.md", "FolderDoesNotExistException")]
    [InlineData("main", "nope", "FolderDoesNotExistException")]
    [InlineData("main", "space dir", "FolderDoesNotExistException")]
    [InlineData("main", "src/./app", "InvalidPathException")]
    [InlineData("main^", "src", "InvalidCommitException")]
    [InlineData("gone", "src", "CommitDoesNotExistException")]
    public async Task GetFolder_MissingOrMalformedInput_RaisesTheModelledException(string specifier, string path, string code)
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);

        // Act
        var error = (await repo.CallAsync("GetFolder", new { repositoryName = repo.Name, commitSpecifier = specifier, folderPath = path })).Failed();

        // Assert
        Assert.Equal((code, 400), (error.Code, error.Status));
    }

    [Fact]
    public async Task GetFolder_WithoutFolderPath_PathRequired()
    {
        // Arrange: botocore refuses to send it, so the request is signed and sent by hand.
        var repo = await ContentRepository.OfAsync(server);
        var headers = new Dictionary<string, string>
        {
            ["Content-Type"] = "application/x-amz-json-1.1",
            ["X-Amz-Target"] = "CodeCommit_20150413.GetFolder",
        };

        // Act
        var response = await server.SendRawAsync(new JsonObject { ["repositoryName"] = repo.Name }.ToJsonString(), new RawSigning(server.Root, "codecommit"), headers);

        // Assert
        Assert.Equal(400, response.Status);
        Assert.EndsWith("PathRequiredException", (string)JsonNode.Parse(response.Body)!["__type"]);
    }

    [Fact]
    public async Task GetFileAndGetFolder_RepositoryThatDoesNotExist_RepositoryDoesNotExist()
    {
        // Arrange
        var name = GitsteadServer.UniqueName("ghost");

        // Act
        var file = (await server.Boto3Async(server.Root, "codecommit", "GetFile", new { repositoryName = name, filePath = "a" })).Failed();
        var folder = (await server.Boto3Async(server.Root, "codecommit", "GetFolder", new { repositoryName = name, folderPath = "" })).Failed();

        // Assert
        Assert.Equal(("RepositoryDoesNotExistException", "RepositoryDoesNotExistException"), (file.Code, folder.Code));
    }

    [Fact]
    public async Task GetFile_EmptyRepositoryWithoutASpecifier_CommitDoesNotExist()
    {
        // Arrange
        var name = GitsteadServer.UniqueName("empty");
        await server.CreateRepositoryAsync(name);

        // Act
        var error = (await server.Boto3Async(server.Root, "codecommit", "GetFile", new { repositoryName = name, filePath = "README.md" })).Failed();

        // Assert
        Assert.Equal("CommitDoesNotExistException", error.Code);
    }

    private static JsonArray Entries(
        List<(string Mode, string Type, string Id, string Name)> listed,
        string folder,
        Func<(string Mode, string Type, string Id, string Name), bool> kind,
        Func<(string Mode, string Type, string Id, string Name), JsonObject> shape) =>
        new([.. listed.Where(kind).Select(e =>
        {
            var json = shape(e);
            json["absolutePath"] = folder.Length == 0 ? e.Name : $"{folder}/{e.Name}";
            json["relativePath"] = e.Name;
            return json;
        })]);

    private static JsonObject File((string Mode, string Type, string Id, string Name) entry) => new()
    {
        ["blobId"] = entry.Id,
        ["fileMode"] = entry.Mode switch { "100755" => "EXECUTABLE", "120000" => "SYMLINK", _ => "NORMAL" },
    };

    private static void AssertJson(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\nactual   {actual?.ToJsonString()}");
}

// On the embedded store only: files, folders and blobs are read from git, and the store's part (finding the repository,
// authorizing the caller) runs on PostgreSQL in ApiRepositoryLifecycle, ApiAuthorization and the other API classes.
public sealed class ApiFileAndFolderOnSqlite(SqliteServer server) : ApiFileAndFolderTests<SqliteServer>(server);
