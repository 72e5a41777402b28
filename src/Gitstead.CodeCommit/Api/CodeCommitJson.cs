using System.Text.Json.Nodes;
using Gitstead.CodeCommit.Repositories;
using static Gitstead.Aws.AwsJson;

namespace Gitstead.CodeCommit.Api;

/// <summary>Response shapes of the botocore <c>codecommit/2015-04-13</c> model; absent optional members are omitted.</summary>
internal static class CodeCommitJson
{
    /// <summary><c>RepositoryMetadata</c>; <c>Arn</c> is capitalised in the model.</summary>
    public static JsonObject Metadata(RepositoryMetadata repository)
    {
        var json = new JsonObject
        {
            ["accountId"] = repository.AccountId,
            ["repositoryId"] = repository.RepositoryId,
            ["repositoryName"] = repository.Name,
        };
        AddIfSet(json, "repositoryDescription", repository.Description);
        AddIfSet(json, "defaultBranch", repository.DefaultBranch);
        json["lastModifiedDate"] = Epoch(repository.LastModifiedDate);
        json["creationDate"] = Epoch(repository.CreationDate);
        json["cloneUrlHttp"] = repository.CloneUrlHttp;
        json["cloneUrlSsh"] = repository.CloneUrlSsh;
        json["Arn"] = repository.Arn;
        AddIfSet(json, "kmsKeyId", repository.KmsKeyId);
        return json;
    }

    /// <summary><c>BranchInfo</c>.</summary>
    public static JsonObject Branch(BranchInfo branch) => new()
    {
        ["branchName"] = branch.Name,
        ["commitId"] = branch.CommitId,
    };

    /// <summary><c>Commit</c>, with <c>additionalData</c> empty as CodeCommit returns it.</summary>
    public static JsonObject Commit(CommitInfo commit)
    {
        var json = new JsonObject
        {
            ["commitId"] = commit.CommitId,
            ["treeId"] = commit.TreeId,
            ["parents"] = new JsonArray([.. commit.Parents.Select(p => JsonValue.Create(p))]),
            ["message"] = commit.Message,
        };
        if (commit.Author is { } author)
        {
            json["author"] = Person(author);
        }

        if (commit.Committer is { } committer)
        {
            json["committer"] = Person(committer);
        }

        json["additionalData"] = "";
        return json;
    }

    /// <summary><c>FileModeTypeEnum</c>.</summary>
    public static string FileMode(FileModeType mode) => mode switch
    {
        FileModeType.Executable => "EXECUTABLE",
        FileModeType.Symlink => "SYMLINK",
        _ => "NORMAL",
    };

    /// <summary><c>File</c> or <c>SymbolicLink</c>.</summary>
    public static JsonObject File(FileEntry file) => new()
    {
        ["blobId"] = file.BlobId,
        ["absolutePath"] = file.AbsolutePath,
        ["relativePath"] = file.RelativePath,
        ["fileMode"] = FileMode(file.FileMode),
    };

    /// <summary><c>Folder</c>.</summary>
    public static JsonObject Folder(FolderEntry folder) => new()
    {
        ["treeId"] = folder.TreeId,
        ["absolutePath"] = folder.AbsolutePath,
        ["relativePath"] = folder.RelativePath,
    };

    /// <summary><c>SubModule</c>.</summary>
    public static JsonObject SubModule(SubModuleEntry module) => new()
    {
        ["commitId"] = module.CommitId,
        ["absolutePath"] = module.AbsolutePath,
        ["relativePath"] = module.RelativePath,
    };

    /// <summary><c>Difference</c>: the blob of a side that has none is left out.</summary>
    public static JsonObject Difference(Difference difference)
    {
        var json = new JsonObject();
        if (difference.BeforeBlob is { } before)
        {
            json["beforeBlob"] = BlobMetadata(before);
        }

        if (difference.AfterBlob is { } after)
        {
            json["afterBlob"] = BlobMetadata(after);
        }

        json["changeType"] = difference.ChangeType switch
        {
            ChangeType.Added => "A",
            ChangeType.Deleted => "D",
            _ => "M",
        };
        return json;
    }

    /// <summary><c>FileVersion</c>.</summary>
    public static JsonObject FileVersion(FileVersion version)
    {
        var json = new JsonObject { ["commit"] = Commit(version.Commit) };
        AddIfSet(json, "blobId", version.BlobId);
        json["path"] = version.Path;
        json["revisionChildren"] = Strings(version.RevisionChildren);
        return json;
    }

    /// <summary><c>BatchGetCommitsError</c>.</summary>
    public static JsonObject CommitError(CommitError error) => new()
    {
        ["commitId"] = error.CommitId,
        ["errorCode"] = error.ErrorCode,
        ["errorMessage"] = error.ErrorMessage,
    };

    private static JsonObject BlobMetadata(BlobMetadata blob) => new()
    {
        ["blobId"] = blob.BlobId,
        ["path"] = blob.Path,
        ["mode"] = blob.Mode,
    };

    private static JsonObject Person(CommitPerson person) => new()
    {
        ["name"] = person.Name,
        ["email"] = person.Email,
        ["date"] = person.Date,
    };
}
