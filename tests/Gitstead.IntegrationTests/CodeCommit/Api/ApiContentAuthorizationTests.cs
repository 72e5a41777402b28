using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Iam;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// The content operations are authorized on the repository before anything is looked up: a
/// user allowed only GetRepository is refused each of them in AWS's sentence, and gets the
/// same refusal for a repository that does not exist; AWS's read-only policy allows them all.
/// </summary>
public abstract class ApiContentAuthorizationTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task GetFile_UserAllowedOnlyGetRepository_AccessDeniedInAwsWords()
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var (user, keys) = await UserAllowedAsync("codecommit:GetRepository");

        // Act
        (await server.Boto3Async(keys, "codecommit", "GetRepository", new { repositoryName = repo.Name })).Ok();
        var error = (await server.Boto3Async(keys, "codecommit", "GetFile", new { repositoryName = repo.Name, filePath = "README.md" })).Failed();

        // Assert
        Assert.Equal(("AccessDeniedException", 400), (error.Code, error.Status));
        Assert.Equal(
            $"User: arn:aws:iam::{server.AccountId}:user/{user} is not authorized to perform: codecommit:GetFile on resource: arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{repo.Name} because no identity-based policy allows the codecommit:GetFile action",
            error.Message);
    }

    [Theory]
    [InlineData("GetFile", "codecommit:GetFile")]
    [InlineData("GetFolder", "codecommit:GetFolder")]
    [InlineData("GetBlob", "codecommit:GetBlob")]
    [InlineData("GetDifferences", "codecommit:GetDifferences")]
    [InlineData("BatchGetCommits", "codecommit:BatchGetCommits")]
    [InlineData("ListFileCommitHistory", "codecommit:ListFileCommitHistory")]
    public async Task ContentOperation_DeniedCaller_SameRefusalWhetherOrNotTheRepositoryExists(string operation, string action)
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var (_, keys) = await UserAllowedAsync("codecommit:GetRepository");
        var ghost = GitsteadServer.UniqueName("ghost");

        // Act
        var existing = (await server.Boto3Async(keys, "codecommit", operation, Parameters(operation, repo.Name))).Failed();
        var missing = (await server.Boto3Async(keys, "codecommit", operation, Parameters(operation, ghost))).Failed();

        // Assert
        Assert.Equal(("AccessDeniedException", "AccessDeniedException"), (existing.Code, missing.Code));
        Assert.Contains($"perform: {action} on resource: arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{repo.Name} because", existing.Message);
        Assert.Equal(existing.Message.Replace(repo.Name + " ", ghost + " "), missing.Message);
    }

    [Theory]
    [InlineData("GetFile")]
    [InlineData("GetFolder")]
    [InlineData("GetBlob")]
    [InlineData("GetDifferences")]
    [InlineData("BatchGetCommits")]
    [InlineData("ListFileCommitHistory")]
    public async Task ContentOperation_AwsCodeCommitReadOnly_Allowed(string operation)
    {
        // Arrange
        var repo = await ContentRepository.OfAsync(server);
        var user = GitsteadServer.UniqueName("reader");
        await server.CreateUserAsync(user);
        (await server.Boto3Async(server.Root, "iam", "AttachUserPolicy", new { UserName = user, PolicyArn = "arn:aws:iam::aws:policy/AWSCodeCommitReadOnly" })).Ok();
        var keys = await server.CreateAccessKeyAsync(user);
        var parameters = Parameters(operation, repo.Name);
        if (operation == "GetBlob")
        {
            parameters["blobId"] = await repo.GitAsync("rev-parse", "main:README.md");
        }

        // Act
        var answer = (await server.Boto3Async(keys, "codecommit", operation, parameters)).Ok();

        // Assert
        Assert.NotEmpty(answer.AsObject());
    }

    private async Task<(string User, Credentials Keys)> UserAllowedAsync(string action)
    {
        var user = GitsteadServer.UniqueName("narrow");
        await server.CreateUserAsync(user);
        var document = new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(new JsonObject { ["Effect"] = "Allow", ["Action"] = action, ["Resource"] = "*" }),
        }.ToJsonString();
        var policy = await server.CreatePolicyAsync(GitsteadServer.UniqueName("OnlyGetRepository"), document);
        (await server.Boto3Async(server.Root, "iam", "AttachUserPolicy", new { UserName = user, PolicyArn = policy })).Ok();
        return (user, await server.CreateAccessKeyAsync(user));
    }

    private static JsonObject Parameters(string operation, string repositoryName)
    {
        var parameters = new JsonObject { ["repositoryName"] = repositoryName };
        switch (operation)
        {
            case "GetFile": parameters["filePath"] = "README.md"; break;
            case "GetFolder": parameters["folderPath"] = ""; break;
            case "GetBlob": parameters["blobId"] = new string('a', 40); break;
            case "GetDifferences": parameters["afterCommitSpecifier"] = "main"; break;
            case "BatchGetCommits": parameters["commitIds"] = new JsonArray(new string('a', 40)); break;
            case "ListFileCommitHistory": parameters["filePath"] = "README.md"; break;
        }

        return parameters;
    }
}

public sealed class ApiContentAuthorizationOnSqlite(SqliteServer server) : ApiContentAuthorizationTests<SqliteServer>(server);

public sealed class ApiContentAuthorizationOnPostgres(PostgresServer server) : ApiContentAuthorizationTests<PostgresServer>(server);
