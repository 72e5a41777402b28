using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Authentication;

/// <summary>The account root, signing with the key from initial-credentials.json, is recognised as root.</summary>
public abstract class RootCallerIdentityTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task AwsCli_GetCallerIdentity_ReturnsTheRootArn()
    {
        var result = await server.RunAwsAsync(server.Root, "sts", "get-caller-identity");

        var identity = result.Ok();
        Assert.Equal(server.AccountId, (string)identity["Account"]);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:root", (string)identity["Arn"]);
        Assert.Equal(server.AccountId, (string)identity["UserId"]);
    }

    [Fact]
    public async Task AwsExecutableOnPath_GetCallerIdentity_ReturnsTheRootArn()
    {
        var result = await server.RunAwsExecutableAsync(server.Root, "sts", "get-caller-identity");

        Assert.Equal($"arn:aws:iam::{server.AccountId}:root", (string)result.Ok()["Arn"]);
    }

    [Fact]
    public async Task Boto3_GetCallerIdentity_ReturnsTheRootArn()
    {
        var identity = (await server.Boto3Async(server.Root, "sts", "get_caller_identity")).Ok();

        Assert.Equal(server.AccountId, (string)identity["Account"]);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:root", (string)identity["Arn"]);
    }
}

public sealed class RootCallerIdentityOnSqlite(SqliteServer server) : RootCallerIdentityTests<SqliteServer>(server);

public sealed class RootCallerIdentityOnPostgres(PostgresServer server) : RootCallerIdentityTests<PostgresServer>(server);
