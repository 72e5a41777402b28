using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Iam;

/// <summary>An IAM user's access keys authenticate while active and stop working when deactivated or deleted.</summary>
public abstract class AccessKeyLifecycleTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task NewKey_AuthenticatesAsTheUser()
    {
        var (name, key) = await UserWithKeyAsync();

        var identity = (await server.RunAwsAsync(key, "sts", "get-caller-identity")).Ok();

        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/{name}", (string)identity["Arn"]);
        Assert.Equal(server.AccountId, (string)identity["Account"]);
        Assert.Matches("^AIDA", (string)identity["UserId"]);
    }

    [Fact]
    public async Task CreateAccessKey_ReturnsAnActiveAkiaKey()
    {
        var name = GitsteadServer.UniqueName("fresh");
        await server.CreateUserAsync(name);

        var key = (await server.RunAwsAsync(server.Root, "iam", "create-access-key", "--user-name", name)).Ok()["AccessKey"]!;

        Assert.Equal(name, (string)key["UserName"]);
        Assert.Matches("^AKIA[A-Z0-9]{16}$", (string)key["AccessKeyId"]);
        Assert.Equal(40, ((string)key["SecretAccessKey"])!.Length);
        Assert.Equal("Active", (string)key["Status"]);
    }

    [Fact]
    public async Task DeactivatedKey_IsInvalidClientTokenId_UntilReactivated()
    {
        var (name, key) = await UserWithKeyAsync();

        await SetStatusAsync(name, key, "Inactive");
        var refused = (await server.Boto3Async(key, "sts", "GetCallerIdentity")).Failed();
        await SetStatusAsync(name, key, "Active");
        var accepted = await server.Boto3Async(key, "sts", "GetCallerIdentity");

        Assert.Equal("InvalidClientTokenId", refused.Code);
        accepted.Ok();
    }

    [Fact]
    public async Task DeletedKey_IsInvalidClientTokenId()
    {
        var (name, key) = await UserWithKeyAsync();

        (await server.Boto3Async(server.Root, "iam", "DeleteAccessKey", new { UserName = name, key.AccessKeyId })).Ok();
        var error = (await server.Boto3Async(key, "sts", "GetCallerIdentity")).Failed();

        Assert.Equal("InvalidClientTokenId", error.Code);
    }

    [Fact]
    public async Task ThirdKey_RaisesLimitExceededException()
    {
        var (name, _) = await UserWithKeyAsync();
        await server.CreateAccessKeyAsync(name);

        var error = (await server.Boto3Async(server.Root, "iam", "CreateAccessKey", new { UserName = name })).Failed();

        Assert.Equal("LimitExceededException", error.Type);
        Assert.Equal(409, error.Status);
    }

    [Fact]
    public async Task ListAccessKeys_ShowsMetadataButNoSecret()
    {
        var (name, key) = await UserWithKeyAsync();

        var result = await server.RunAwsAsync(server.Root, "iam", "list-access-keys", "--user-name", name);

        var metadata = Assert.Single(result.Ok()["AccessKeyMetadata"]!.AsArray());
        Assert.Equal(key.AccessKeyId, (string)metadata!["AccessKeyId"]);
        Assert.Equal("Active", (string)metadata["Status"]);
        Assert.DoesNotContain(key.SecretAccessKey, result.Stdout);
    }

    [Fact]
    public async Task CreateAccessKey_ForMissingUser_RaisesNoSuchEntityException()
    {
        var error = (await server.Boto3Async(server.Root, "iam", "CreateAccessKey", new { UserName = GitsteadServer.UniqueName("ghost") })).Failed();

        Assert.Equal("NoSuchEntityException", error.Type);
        Assert.Equal(404, error.Status);
    }

    private async Task<(string Name, Credentials Key)> UserWithKeyAsync()
    {
        var name = GitsteadServer.UniqueName("keys");
        await server.CreateUserAsync(name);
        return (name, await server.CreateAccessKeyAsync(name));
    }

    private async Task SetStatusAsync(string name, Credentials key, string status) =>
        (await server.Boto3Async(server.Root, "iam", "UpdateAccessKey", new { UserName = name, key.AccessKeyId, Status = status })).Ok();
}

public sealed class AccessKeyLifecycleOnSqlite(SqliteServer server) : AccessKeyLifecycleTests<SqliteServer>(server);

public sealed class AccessKeyLifecycleOnPostgres(PostgresServer server) : AccessKeyLifecycleTests<PostgresServer>(server);
