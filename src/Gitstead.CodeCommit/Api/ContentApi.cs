using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using static Gitstead.Aws.AwsJson;
using static Gitstead.CodeCommit.Api.CodeCommitJson;

namespace Gitstead.CodeCommit.Api;

/// <summary>
/// Reading content (botocore <c>codecommit/2015-04-13</c>): GetBlob, GetFile, GetFolder,
/// GetDifferences. Each parses the body, calls <see cref="FileService"/> or
/// <see cref="DifferenceService"/> (which check and authorize) and renders the answer.
/// </summary>
internal sealed class ContentApi(FileService files, DifferenceService differences)
{
    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetBlob.html
    public async Task<AwsResult> GetBlobAsync(AwsRequestContext ctx)
    {
        var blob = await files.GetBlobAsync(ctx.Call, ctx.Json.String("repositoryName"), ctx.Json.String("blobId"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["content"] = Blob(blob.Content) });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetFile.html
    public async Task<AwsResult> GetFileAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var file = await files.GetFileAsync(ctx.Call, json.String("repositoryName"), json.String("commitSpecifier"), json.String("filePath"), ctx.Aborted);
        return AwsResult.Json(new JsonObject
        {
            ["commitId"] = file.CommitId,
            ["blobId"] = file.BlobId,
            ["filePath"] = file.FilePath,
            ["fileMode"] = FileMode(file.FileMode),
            ["fileSize"] = file.FileSize,
            ["fileContent"] = Blob(file.Content),
        });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetFolder.html
    public async Task<AwsResult> GetFolderAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var folder = await files.GetFolderAsync(ctx.Call, json.String("repositoryName"), json.String("commitSpecifier"), json.String("folderPath"), ctx.Aborted);
        return AwsResult.Json(new JsonObject
        {
            ["commitId"] = folder.CommitId,
            ["folderPath"] = folder.FolderPath,
            ["treeId"] = folder.TreeId,
            ["subFolders"] = new JsonArray([.. folder.SubFolders.Select(Folder)]),
            ["files"] = new JsonArray([.. folder.Files.Select(File)]),
            ["symbolicLinks"] = new JsonArray([.. folder.SymbolicLinks.Select(File)]),
            ["subModules"] = new JsonArray([.. folder.SubModules.Select(SubModule)]),
        });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetDifferences.html
    // MaxResults and NextToken are capitalised in the model (and in botocore's paginator).
    public async Task<AwsResult> GetDifferencesAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var page = new PageRequest(json.String("NextToken"), json.Int("MaxResults") ?? DifferenceService.DefaultPageSize);
        var found = await differences.GetDifferencesAsync(
            ctx.Call,
            json.String("repositoryName"),
            json.String("beforeCommitSpecifier"),
            json.String("afterCommitSpecifier"),
            json.String("beforePath"),
            json.String("afterPath"),
            page,
            ctx.Aborted);
        var body = new JsonObject { ["differences"] = new JsonArray([.. found.Items.Select(Difference)]) };
        return AwsResult.Json(body.WithNextToken(found, "NextToken"));
    }
}
