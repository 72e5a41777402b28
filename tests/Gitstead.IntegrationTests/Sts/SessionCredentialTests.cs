using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Sts;

/// <summary>Temporary credentials from sts:GetSessionToken act as the user and need their token.</summary>
public abstract class SessionCredentialTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task GetSessionToken_ReturnsAsiaCredentialsWithAnExpiration()
    {
        var key = await UserKeyAsync();

        var result = await server.RunAwsAsync(key, "sts", "get-session-token", "--duration-seconds", "900");

        var credentials = result.Ok()["Credentials"]!;
        Assert.Matches("^ASIA[A-Z0-9]{16}$", (string)credentials["AccessKeyId"]);
        Assert.Equal(40, ((string)credentials["SecretAccessKey"])!.Length);
        Assert.False(string.IsNullOrEmpty((string)credentials["SessionToken"]));
        var expiration = DateTimeOffset.Parse((string)credentials["Expiration"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiration, DateTimeOffset.UtcNow.AddMinutes(13), DateTimeOffset.UtcNow.AddMinutes(16));
    }

    [Fact]
    public async Task SessionCredentials_AuthenticateAsTheUser()
    {
        var name = GitsteadServer.UniqueName("temp");
        await server.CreateUserAsync(name);
        var session = await server.GetSessionTokenAsync(await server.CreateAccessKeyAsync(name));

        var identity = (await server.RunAwsAsync(session, "sts", "get-caller-identity")).Ok();

        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/{name}", (string)identity["Arn"]);
    }

    [Fact]
    public async Task SessionKeyWithoutItsToken_IsRefused()
    {
        var session = await server.GetSessionTokenAsync(await UserKeyAsync());

        var error = (await server.Boto3Async(session with { SessionToken = null }, "sts", "GetCallerIdentity")).Failed();

        Assert.Equal(403, error.Status);
        Assert.Equal("InvalidClientTokenId", error.Code);
    }

    [Fact]
    public async Task SessionKeyWithAnotherSessionsToken_IsRefused()
    {
        var key = await UserKeyAsync();
        var first = await server.GetSessionTokenAsync(key);
        var second = await server.GetSessionTokenAsync(key);

        var error = (await server.Boto3Async(first with { SessionToken = second.SessionToken }, "sts", "GetCallerIdentity")).Failed();

        Assert.Equal(403, error.Status);
    }

    private async Task<Credentials> UserKeyAsync()
    {
        var name = GitsteadServer.UniqueName("temp");
        await server.CreateUserAsync(name);
        return await server.CreateAccessKeyAsync(name);
    }
}

public sealed class SessionCredentialsOnSqlite(SqliteServer server) : SessionCredentialTests<SqliteServer>(server);

public sealed class SessionCredentialsOnPostgres(PostgresServer server) : SessionCredentialTests<PostgresServer>(server);
