using System.Text.Json;
using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using static Gitstead.CodeCommit.Api.CodeCommitJson;

namespace Gitstead.CodeCommit.Api;

/// <summary>
/// Writing content (botocore <c>codecommit/2015-04-13</c>): PutFile, DeleteFile, CreateCommit.
/// Each parses the body, calls <see cref="FileWriteService"/> (which checks, authorizes and
/// commits) and renders the answer.
/// </summary>
internal sealed class FileWriteApi(FileWriteService files)
{
    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_PutFile.html
    public async Task<AwsResult> PutFileAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        RefuseOversizedContent(json);
        var put = await files.PutFileAsync(
            ctx.Call,
            json.String("repositoryName"),
            json.String("branchName"),
            json.String("filePath"),
            json.String("fileMode"),
            json.Blob("fileContent"),
            json.String("parentCommitId"),
            new CommitAuthoring(json.String("name"), json.String("email"), json.String("commitMessage")),
            ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["commitId"] = put.CommitId, ["blobId"] = put.BlobId, ["treeId"] = put.TreeId });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_DeleteFile.html
    public async Task<AwsResult> DeleteFileAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var deleted = await files.DeleteFileAsync(
            ctx.Call,
            json.String("repositoryName"),
            json.String("branchName"),
            json.String("filePath"),
            json.String("parentCommitId"),
            json.Bool("keepEmptyFolders") ?? false,
            new CommitAuthoring(json.String("name"), json.String("email"), json.String("commitMessage")),
            ctx.Aborted);
        return AwsResult.Json(new JsonObject
        {
            ["commitId"] = deleted.CommitId,
            ["blobId"] = deleted.BlobId,
            ["treeId"] = deleted.TreeId,
            ["filePath"] = deleted.FilePath,
        });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_CreateCommit.html
    public async Task<AwsResult> CreateCommitAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var commit = new NewCommit(json.String("repositoryName"), json.String("branchName"))
        {
            ParentCommitId = json.String("parentCommitId"),
            AuthorName = json.String("authorName"),
            Email = json.String("email"),
            CommitMessage = json.String("commitMessage"),
            KeepEmptyFolders = json.Bool("keepEmptyFolders") ?? false,
            PutFiles = [.. (json.ObjectList("putFiles") ?? []).Select(Put)],
            DeleteFiles = [.. (json.ObjectList("deleteFiles") ?? []).Select(d => new DeleteFileEntry(d.String("filePath")))],
            SetFileModes = [.. (json.ObjectList("setFileModes") ?? []).Select(m => new SetFileModeEntry(m.String("filePath"), m.String("fileMode")))],
        };
        var created = await files.CreateCommitAsync(ctx.Call, commit, ctx.Aborted);
        return AwsResult.Json(new JsonObject
        {
            ["commitId"] = created.CommitId,
            ["treeId"] = created.TreeId,
            ["filesAdded"] = Files(created.FilesAdded),
            ["filesUpdated"] = Files(created.FilesUpdated),
            ["filesDeleted"] = Files(created.FilesDeleted),
        });
    }

    /// <summary>
    /// FileContentSizeLimitExceededException for content over <see cref="FileService.MaxContentBytes"/>,
    /// told from the base64 text's length before it is decoded (the rules check it again after).
    /// </summary>
    private static void RefuseOversizedContent(JsonElement json)
    {
        if (json.Base64Length("fileContent") > FileService.MaxContentBytes)
        {
            throw CodeCommitErrors.FileContentSizeLimitExceeded();
        }
    }

    private static PutFileEntry Put(JsonElement entry)
    {
        RefuseOversizedContent(entry);
        var source = entry.Object("sourceFile") is { } from
            ? new SourceFileSpecifier(from.String("filePath"), from.Bool("isMove") ?? false)
            : null;
        return new PutFileEntry(entry.String("filePath"), entry.String("fileMode"), entry.Blob("fileContent"), source);
    }

    /// <summary><c>FilesMetadata</c>.</summary>
    private static JsonArray Files(IEnumerable<FileMetadata> files) =>
        new([.. files.Select(f => new JsonObject
        {
            ["absolutePath"] = f.AbsolutePath,
            ["blobId"] = f.BlobId,
            ["fileMode"] = FileMode(f.FileMode),
        })]);
}
