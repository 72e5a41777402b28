using System.Text.Json;
using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using static Gitstead.Aws.AwsJson;
using static Gitstead.CodeCommit.Api.CodeCommitJson;

namespace Gitstead.CodeCommit.Api;

/// <summary>
/// Merging (botocore <c>codecommit/2015-04-13</c>): GetMergeOptions, GetMergeConflicts,
/// DescribeMergeConflicts, BatchDescribeMergeConflicts, GetMergeCommit, the three
/// MergeBranchesBy* and CreateUnreferencedMergeCommit. Each parses the body, calls
/// <see cref="MergeService"/> (which checks, authorizes and merges) and renders the answer.
/// </summary>
internal sealed class MergeApi(MergeService merges)
{
    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetMergeOptions.html
    public async Task<AwsResult> GetMergeOptionsAsync(AwsRequestContext ctx)
    {
        var found = await merges.GetMergeOptionsAsync(ctx.Call, Request(ctx.Json), ctx.Aborted);
        var body = new JsonObject { ["mergeOptions"] = new JsonArray([.. found.Options.Select(o => JsonValue.Create(MergeRules.Name(o)))]) };
        return AwsResult.Json(Commits(body, found.Commits));
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetMergeConflicts.html
    public async Task<AwsResult> GetMergeConflictsAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var found = await merges.GetMergeConflictsAsync(
            ctx.Call, Request(json), json.String("mergeOption"), json.Int("maxConflictFiles"), json.String("nextToken"), ctx.Aborted);
        var body = new JsonObject
        {
            ["mergeable"] = found.Mergeable,
            ["conflictMetadataList"] = new JsonArray([.. found.Conflicts.Select(Metadata)]),
        };
        AddIfSet(body, "nextToken", found.NextToken);
        return AwsResult.Json(Commits(body, found.Commits));
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_DescribeMergeConflicts.html
    public async Task<AwsResult> DescribeMergeConflictsAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var found = await merges.DescribeMergeConflictsAsync(
            ctx.Call, Request(json), json.String("mergeOption"), json.String("filePath"), json.Int("maxMergeHunks"), json.String("nextToken"), ctx.Aborted);
        var body = new JsonObject
        {
            ["conflictMetadata"] = Metadata(found.Metadata),
            ["mergeHunks"] = new JsonArray([.. found.Hunks.Select(Hunk)]),
        };
        AddIfSet(body, "nextToken", found.NextToken);
        return AwsResult.Json(Commits(body, found.Commits));
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_BatchDescribeMergeConflicts.html
    public async Task<AwsResult> BatchDescribeMergeConflictsAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var found = await merges.BatchDescribeMergeConflictsAsync(
            ctx.Call, Request(json), json.String("mergeOption"), json.StringList("filePaths"), json.Int("maxConflictFiles"), json.Int("maxMergeHunks"),
            json.String("nextToken"), ctx.Aborted);
        var body = new JsonObject
        {
            ["conflicts"] = new JsonArray([.. found.Conflicts.Select(c => new JsonObject
            {
                ["conflictMetadata"] = Metadata(c.Metadata),
                ["mergeHunks"] = new JsonArray([.. c.Hunks.Select(Hunk)]),
            })]),
            ["errors"] = new JsonArray([.. found.Errors.Select(e => new JsonObject
            {
                ["filePath"] = e.FilePath,
                ["exceptionName"] = e.ExceptionName,
                ["message"] = e.Message,
            })]),
        };
        AddIfSet(body, "nextToken", found.NextToken);
        return AwsResult.Json(Commits(body, found.Commits));
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetMergeCommit.html
    public async Task<AwsResult> GetMergeCommitAsync(AwsRequestContext ctx)
    {
        var found = await merges.GetMergeCommitAsync(ctx.Call, Request(ctx.Json), ctx.Aborted);
        var body = Commits(new JsonObject(), found.Commits);
        AddIfSet(body, "mergedCommitId", found.MergedCommitId);
        return AwsResult.Json(body);
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_MergeBranchesByFastForward.html
    public async Task<AwsResult> MergeBranchesByFastForwardAsync(AwsRequestContext ctx) =>
        Result(await merges.MergeByFastForwardAsync(ctx.Call, Request(ctx.Json), ctx.Json.String("targetBranch"), ctx.Aborted));

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_MergeBranchesBySquash.html
    public async Task<AwsResult> MergeBranchesBySquashAsync(AwsRequestContext ctx) =>
        Result(await merges.MergeBySquashAsync(ctx.Call, Request(ctx.Json), Commit(ctx.Json), ctx.Aborted));

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_MergeBranchesByThreeWay.html
    public async Task<AwsResult> MergeBranchesByThreeWayAsync(AwsRequestContext ctx) =>
        Result(await merges.MergeByThreeWayAsync(ctx.Call, Request(ctx.Json), Commit(ctx.Json), ctx.Aborted));

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_CreateUnreferencedMergeCommit.html
    public async Task<AwsResult> CreateUnreferencedMergeCommitAsync(AwsRequestContext ctx) =>
        Result(await merges.CreateUnreferencedMergeCommitAsync(ctx.Call, Request(ctx.Json), ctx.Json.String("mergeOption"), Commit(ctx.Json), ctx.Aborted));

    private static MergeRequest Request(JsonElement json) =>
        new(json.String("repositoryName"), json.String("sourceCommitSpecifier"), json.String("destinationCommitSpecifier"))
        {
            ConflictDetailLevel = json.String("conflictDetailLevel"),
            ConflictResolutionStrategy = json.String("conflictResolutionStrategy"),
        };

    internal static MergeCommitRequest Commit(JsonElement json) => new()
    {
        TargetBranch = json.String("targetBranch"),
        AuthorName = json.String("authorName"),
        Email = json.String("email"),
        CommitMessage = json.String("commitMessage"),
        KeepEmptyFolders = json.Bool("keepEmptyFolders") ?? false,
        ConflictResolution = json.Object("conflictResolution") is { } resolution
            ? new ConflictResolutionInput(
                [.. (resolution.ObjectList("replaceContents") ?? []).Select(r =>
                    new ReplaceContentEntry(r.String("filePath"), r.String("replacementType"), r.Blob("content"), r.String("fileMode")))],
                [.. (resolution.ObjectList("deleteFiles") ?? []).Select(d => new DeleteFileEntry(d.String("filePath")))],
                [.. (resolution.ObjectList("setFileModes") ?? []).Select(m => new SetFileModeEntry(m.String("filePath"), m.String("fileMode")))])
            : null,
    };

    private static AwsResult Result(MergeResult merged) =>
        AwsResult.Json(new JsonObject { ["commitId"] = merged.CommitId, ["treeId"] = merged.TreeId });

    private static JsonObject Commits(JsonObject body, MergeCommits commits)
    {
        body["sourceCommitId"] = commits.SourceCommitId;
        body["destinationCommitId"] = commits.DestinationCommitId;
        AddIfSet(body, "baseCommitId", commits.BaseCommitId);
        return body;
    }

    /// <summary><c>ConflictMetadata</c>.</summary>
    private static JsonObject Metadata(ConflictMetadata m)
    {
        var operations = new JsonObject();
        AddIfSet(operations, "source", m.SourceOperation);
        AddIfSet(operations, "destination", m.DestinationOperation);
        return new JsonObject
        {
            ["filePath"] = m.FilePath,
            ["fileSizes"] = Sides(m, s => s.Size is { } size ? JsonValue.Create(size) : null),
            ["fileModes"] = Sides(m, s => s.FileMode is { } mode ? JsonValue.Create(FileMode(mode)) : null),
            ["objectTypes"] = Sides(m, s => JsonValue.Create(s.ObjectType)),
            ["numberOfConflicts"] = m.NumberOfConflicts,
            ["isBinaryFile"] = Sides(m, s => JsonValue.Create(s.IsBinary)),
            ["contentConflict"] = m.ContentConflict,
            ["fileModeConflict"] = m.FileModeConflict,
            ["objectTypeConflict"] = m.ObjectTypeConflict,
            ["mergeOperations"] = operations,
        };
    }

    private static JsonObject Sides(ConflictMetadata m, Func<ConflictSide, JsonNode?> value)
    {
        var json = new JsonObject();
        foreach (var (name, side) in new[] { ("source", m.Source), ("destination", m.Destination), ("base", m.Base) })
        {
            if (side is not null && value(side) is { } node)
            {
                json[name] = node;
            }
        }

        return json;
    }

    /// <summary><c>MergeHunk</c>; <c>hunkContent</c> is base64, as the model documents it.</summary>
    private static JsonObject Hunk(MergeHunk hunk)
    {
        var json = new JsonObject { ["isConflict"] = hunk.IsConflict };
        foreach (var (name, detail) in new[] { ("source", hunk.Source), ("destination", hunk.Destination), ("base", hunk.Base) })
        {
            if (detail is not null)
            {
                json[name] = new JsonObject { ["startLine"] = detail.StartLine, ["endLine"] = detail.EndLine, ["hunkContent"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(detail.HunkContent)) };
            }
        }

        return json;
    }
}
