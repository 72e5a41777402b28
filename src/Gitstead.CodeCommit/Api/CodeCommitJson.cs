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

    private static JsonObject Person(CommitPerson person) => new()
    {
        ["name"] = person.Name,
        ["email"] = person.Email,
        ["date"] = person.Date,
    };
}
