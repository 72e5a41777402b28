using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Iam;

/// <summary>
/// The rest of the life of HTTPS Git credentials: deactivation, reset, deletion, the second
/// slot's <c>+1</c> name, and the refusals an operator will meet.
/// </summary>
public abstract class GitCredentialRotationTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    private const string CodeCommit = "codecommit.amazonaws.com";

    [Fact]
    public async Task AwsCli_CreateDeactivateResetDelete_ListFollowsAndNeverShowsAPassword()
    {
        var name = await NewUserAsync();
        var created = (await Aws("create-service-specific-credential", "--user-name", name, "--service-name", CodeCommit))
            .Ok()["ServiceSpecificCredential"]!;
        var id = (string)created["ServiceSpecificCredentialId"];

        (await Aws("update-service-specific-credential", "--user-name", name, "--service-specific-credential-id", id, "--status", "Inactive")).Ok();
        var inactive = await ListOneAsync(name);
        var reset = (await Aws("reset-service-specific-credential", "--user-name", name, "--service-specific-credential-id", id))
            .Ok()["ServiceSpecificCredential"]!;
        (await Aws("delete-service-specific-credential", "--user-name", name, "--service-specific-credential-id", id)).Ok();
        var afterDelete = (await Aws("list-service-specific-credentials", "--user-name", name)).Ok();

        var password = (string)created["ServicePassword"];
        Assert.Equal(44, password.Length);
        Assert.Equal(32, Convert.FromBase64String(password).Length);
        Assert.Equal("Inactive", (string)inactive["Status"]);
        Assert.Null(inactive["ServicePassword"]);
        Assert.Equal("Inactive", (string)reset["Status"]);
        Assert.NotEqual(password, (string)reset["ServicePassword"]);
        Assert.Equal((string)created["CreateDate"], (string)reset["CreateDate"]);
        Assert.Empty(afterDelete["ServiceSpecificCredentials"]!.AsArray());
    }

    [Fact]
    public async Task SecondCredential_IsNamedPlusOne_AndADeletedFirstNameIsReused()
    {
        var name = await NewUserAsync();
        var first = await server.CreateGitCredentialAsync(name);
        var second = await server.CreateGitCredentialAsync(name);

        (await server.Boto3Async(server.Root, "iam", "DeleteServiceSpecificCredential",
            new { UserName = name, first.ServiceSpecificCredentialId })).Ok();
        var third = await server.CreateGitCredentialAsync(name);

        Assert.Equal($"{name}-at-{server.AccountId}", first.ServiceUserName);
        Assert.Equal($"{name}+1-at-{server.AccountId}", second.ServiceUserName);
        Assert.Equal($"{name}-at-{server.AccountId}", third.ServiceUserName);
        Assert.NotEqual(first.ServiceSpecificCredentialId, third.ServiceSpecificCredentialId);
    }

    [Fact]
    public async Task ConcurrentCreates_NeverExceedTwoPerUser()
    {
        var name = await NewUserAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            Aws("create-service-specific-credential", "--user-name", name, "--service-name", CodeCommit)));

        Assert.Equal(2, results.Count(r => r.ExitCode == 0));
        Assert.All(results.Where(r => r.ExitCode != 0), r => Assert.True(r.ErrorCode == "LimitExceeded", r.ToString()));
        var listed = (await Aws("list-service-specific-credentials", "--user-name", name)).Ok()["ServiceSpecificCredentials"]!.AsArray();
        Assert.Equal(
            [$"{name}+1-at-{server.AccountId}", $"{name}-at-{server.AccountId}"],
            listed.Select(c => (string)c!["ServiceUserName"]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("ResetServiceSpecificCredential")]
    [InlineData("DeleteServiceSpecificCredential")]
    public async Task CredentialOfAnotherUser_IsNoSuchEntity(string operation)
    {
        var owner = await NewUserAsync();
        var other = await NewUserAsync();
        var credential = await server.CreateGitCredentialAsync(owner);

        var error = (await server.Boto3Async(server.Root, "iam", operation,
            new { UserName = other, credential.ServiceSpecificCredentialId })).Failed();

        Assert.Equal("NoSuchEntityException", error.Type);
        Assert.Equal(404, error.Status);
        var listed = await ListOneAsync(owner);
        Assert.Equal(credential.ServiceSpecificCredentialId, (string)listed["ServiceSpecificCredentialId"]);
    }

    [Fact]
    public async Task UnknownCredentialId_IsNoSuchEntity()
    {
        var name = await NewUserAsync();

        var error = (await server.Boto3Async(server.Root, "iam", "UpdateServiceSpecificCredential",
            new { UserName = name, ServiceSpecificCredentialId = "ACCAAAAAAAAAAAAAAAAAA", Status = "Inactive" })).Failed();

        Assert.Equal("NoSuchEntityException", error.Type);
    }

    [Fact]
    public async Task ExpiredIsNotASettableStatus()
    {
        var name = await NewUserAsync();
        var credential = await server.CreateGitCredentialAsync(name);

        var error = (await server.Boto3Async(server.Root, "iam", "UpdateServiceSpecificCredential",
            new { UserName = name, credential.ServiceSpecificCredentialId, Status = "Expired" })).Failed();

        Assert.Equal("InvalidInputException", error.Type);
        Assert.Equal("Active", (string)(await ListOneAsync(name))["Status"]);
    }

    [Fact]
    public async Task CredentialAgeDays_ForCodeCommit_RaisesInvalidInputException()
    {
        var name = await NewUserAsync();

        var error = (await server.Boto3Async(server.Root, "iam", "CreateServiceSpecificCredential",
            new { UserName = name, ServiceName = CodeCommit, CredentialAgeDays = 30 })).Failed();

        Assert.Equal("InvalidInputException", error.Type);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task ListAllUsers_ShowsOtherUsersCredentials_AndRefusesAUserNameBeside()
    {
        var first = await NewUserAsync();
        var second = await NewUserAsync();
        var a = await server.CreateGitCredentialAsync(first);
        var b = await server.CreateGitCredentialAsync(second);

        var all = (await server.Boto3Async(server.Root, "iam", "ListServiceSpecificCredentials",
            new { AllUsers = true, ServiceName = CodeCommit })).Ok();
        var both = (await server.Boto3Async(server.Root, "iam", "ListServiceSpecificCredentials",
            new { AllUsers = true, UserName = first })).Failed();

        var ids = all["ServiceSpecificCredentials"]!.AsArray().Select(c => (string)c!["ServiceSpecificCredentialId"]).ToList();
        Assert.Contains(a.ServiceSpecificCredentialId, ids);
        Assert.Contains(b.ServiceSpecificCredentialId, ids);
        Assert.Equal("InvalidInputException", both.Type);
    }

    [Fact]
    public async Task UnknownUser_IsNoSuchEntity()
    {
        var error = (await server.Boto3Async(server.Root, "iam", "CreateServiceSpecificCredential",
            new { UserName = GitsteadServer.UniqueName("ghost"), ServiceName = CodeCommit })).Failed();

        Assert.Equal("NoSuchEntityException", error.Type);
        Assert.Equal(404, error.Status);
    }

    private Task<AwsCliResult> Aws(params string[] args) => server.RunAwsAsync(server.Root, ["iam", .. args]);

    private async Task<JsonNode> ListOneAsync(string userName) =>
        Assert.Single((await Aws("list-service-specific-credentials", "--user-name", userName)).Ok()["ServiceSpecificCredentials"]!.AsArray())!;

    private async Task<string> NewUserAsync()
    {
        var name = GitsteadServer.UniqueName("git");
        await server.CreateUserAsync(name);
        return name;
    }
}

public sealed class GitCredentialRotationOnSqlite(SqliteServer server) : GitCredentialRotationTests<SqliteServer>(server);

public sealed class GitCredentialRotationOnPostgres(PostgresServer server) : GitCredentialRotationTests<PostgresServer>(server);
