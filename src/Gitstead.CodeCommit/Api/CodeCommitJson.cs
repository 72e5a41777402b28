using System.Text.Json.Nodes;
using Gitstead.CodeCommit.Repositories;
using Gitstead.Storage.Entities;
using static Gitstead.Aws.AwsJson;

namespace Gitstead.CodeCommit.Api;

/// <summary>Response shapes of the botocore <c>codecommit/2015-04-13</c> model; absent optional members are omitted.</summary>
internal static class CodeCommitJson
{
    /// <summary><c>RepositoryMetadata</c>; <c>Arn</c> is capitalised in the model.</summary>
    public static JsonObject Metadata(Repository row, CloneUrls urls)
    {
        var (http, ssh) = urls.For(row.Region, row.RepositoryName);
        var json = new JsonObject
        {
            ["accountId"] = row.AccountId,
            ["repositoryId"] = row.RepositoryId,
            ["repositoryName"] = row.RepositoryName,
        };
        AddIfSet(json, "repositoryDescription", row.Description);
        AddIfSet(json, "defaultBranch", row.DefaultBranch);
        json["lastModifiedDate"] = Epoch(row.LastModifiedDate);
        json["creationDate"] = Epoch(row.CreationDate);
        json["cloneUrlHttp"] = http;
        json["cloneUrlSsh"] = ssh;
        json["Arn"] = RepositoryArns.For(row.Region, row.AccountId, row.RepositoryName);
        AddIfSet(json, "kmsKeyId", row.KmsKeyId);
        return json;
    }

    /// <summary><c>BranchInfo</c>.</summary>
    public static JsonObject Branch(Branch branch) => new()
    {
        ["branchName"] = branch.Name,
        ["commitId"] = branch.CommitId,
    };

    /// <summary><c>Commit</c>, with <c>additionalData</c> empty as CodeCommit returns it.</summary>
    public static JsonObject Commit(CommitView commit)
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
