using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Iam;

/// <summary>HTTPS Git credentials (service-specific credentials for CodeCommit) as the aws CLI manages them.</summary>
public abstract class GitCredentialLifecycleTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    private const string CodeCommit = "codecommit.amazonaws.com";

    [Fact]
    public async Task Create_ReturnsUserAtAccountNameAndAPasswordOnce()
    {
        var name = await NewUserAsync();

        var credential = (await server.RunAwsAsync(server.Root, "iam", "create-service-specific-credential",
            "--user-name", name, "--service-name", CodeCommit)).Ok()["ServiceSpecificCredential"]!;

        Assert.Equal($"{name}-at-{server.AccountId}", (string)credential["ServiceUserName"]);
        Assert.Equal(CodeCommit, (string)credential["ServiceName"]);
        Assert.Equal("Active", (string)credential["Status"]);
        Assert.Equal(name, (string)credential["UserName"]);
        Assert.Matches("^ACCA[A-Z0-9]{17}$", (string)credential["ServiceSpecificCredentialId"]);
        Assert.True(((string)credential["ServicePassword"])!.Length >= 20, "the password is too short to be generated");
    }

    [Fact]
    public async Task List_ShowsTheCredentialWithoutItsPassword()
    {
        var name = await NewUserAsync();
        var created = await server.CreateGitCredentialAsync(name);

        var result = await server.RunAwsAsync(server.Root, "iam", "list-service-specific-credentials", "--user-name", name);

        var listed = Assert.Single(result.Ok()["ServiceSpecificCredentials"]!.AsArray());
        Assert.Equal(created.ServiceSpecificCredentialId, (string)listed!["ServiceSpecificCredentialId"]);
        Assert.Null(listed["ServicePassword"]);
        Assert.DoesNotContain(created.ServicePassword, result.Stdout);
    }

    [Fact]
    public async Task Reset_ReturnsANewPassword()
    {
        var name = await NewUserAsync();
        var created = await server.CreateGitCredentialAsync(name);

        var reset = (await server.Boto3Async(server.Root, "iam", "ResetServiceSpecificCredential",
            new { UserName = name, created.ServiceSpecificCredentialId })).Ok()["ServiceSpecificCredential"]!;

        Assert.Equal(created.ServiceUserName, (string)reset["ServiceUserName"]);
        Assert.NotEqual(created.ServicePassword, (string)reset["ServicePassword"]);
    }

    [Fact]
    public async Task ThirdCredential_RaisesLimitExceededException()
    {
        var name = await NewUserAsync();
        await server.CreateGitCredentialAsync(name);
        await server.CreateGitCredentialAsync(name);

        var error = (await server.Boto3Async(server.Root, "iam", "CreateServiceSpecificCredential",
            new { UserName = name, ServiceName = CodeCommit })).Failed();

        Assert.Equal("LimitExceededException", error.Type);
    }

    [Fact]
    public async Task UnsupportedService_RaisesServiceNotSupportedException()
    {
        var name = await NewUserAsync();

        var error = (await server.Boto3Async(server.Root, "iam", "CreateServiceSpecificCredential",
            new { UserName = name, ServiceName = "s3.amazonaws.com" })).Failed();

        Assert.Equal("ServiceNotSupportedException", error.Type);
        Assert.Equal("NotSupportedService", error.Code);
    }

    private async Task<string> NewUserAsync()
    {
        var name = GitsteadServer.UniqueName("dev");
        await server.CreateUserAsync(name);
        return name;
    }
}

public sealed class GitCredentialLifecycleOnSqlite(SqliteServer server) : GitCredentialLifecycleTests<SqliteServer>(server);

public sealed class GitCredentialLifecycleOnPostgres(PostgresServer server) : GitCredentialLifecycleTests<PostgresServer>(server);
