using System.Globalization;
using Gitstead.IntegrationTests.Support;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Gitstead.IntegrationTests.Sts;

/// <summary>
/// The rules of sts:GetSessionToken: who may call it, how long sessions last, and that an
/// expired session is refused (its expiry is moved into the past in the database rather than
/// waited for).
/// </summary>
public abstract class SessionTokenRulesTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task SessionCredentials_CannotGetAnotherSessionToken()
    {
        var session = await server.GetSessionTokenAsync(await UserKeyAsync());

        var error = (await server.Boto3Async(session, "sts", "GetSessionToken")).Failed();

        Assert.Equal("AccessDenied", error.Code);
        Assert.Equal(403, error.Status);
        Assert.Equal("Cannot call GetSessionToken with session credentials", error.Message);
    }

    [Fact]
    public async Task SessionWithoutMfa_CannotCallIam_EvenWithIamFullAccess()
    {
        var name = GitsteadServer.UniqueName("stolen");
        await server.CreateUserAsync(name);
        (await server.RunAwsAsync(server.Root, "iam", "attach-user-policy", "--user-name", name,
            "--policy-arn", "arn:aws:iam::aws:policy/IAMFullAccess")).Ok();
        var session = await server.GetSessionTokenAsync(await server.CreateAccessKeyAsync(name));

        var keyError = (await server.Boto3Async(session, "iam", "CreateAccessKey", new { UserName = name })).Failed();
        var userError = (await server.Boto3Async(session, "iam", "CreateUser", new { UserName = name + "-2" })).Failed();
        var readError = (await server.Boto3Async(session, "iam", "ListUsers")).Failed();

        Assert.Equal("InvalidClientTokenId", keyError.Code);
        Assert.Equal(403, keyError.Status);
        Assert.Equal("InvalidClientTokenId", userError.Code);
        Assert.Equal("InvalidClientTokenId", readError.Code);
        var keys = (await server.Boto3Async(server.Root, "iam", "ListAccessKeys", new { UserName = name })).Ok();
        Assert.Single(keys["AccessKeyMetadata"]!.AsArray());
        Assert.Equal("NoSuchEntity", (await server.Boto3Async(server.Root, "iam", "GetUser", new { UserName = name + "-2" })).Failed().Code);
        Assert.EndsWith($":user/{name}", (string)(await server.Boto3Async(session, "sts", "GetCallerIdentity")).Ok()["Arn"]!);
    }

    [Fact]
    public async Task User_WithoutDuration_GetsTwelveHours()
    {
        var credentials = (await server.Boto3Async(await UserKeyAsync(), "sts", "GetSessionToken")).Ok()["Credentials"]!;

        AssertExpiresIn(TimeSpan.FromHours(12), (string)credentials["Expiration"]);
    }

    [Fact]
    public async Task Root_AskingForTwoHours_GetsOneHour()
    {
        var credentials = (await server.RunAwsAsync(server.Root, "sts", "get-session-token", "--duration-seconds", "7200"))
            .Ok()["Credentials"]!;

        AssertExpiresIn(TimeSpan.FromHours(1), (string)credentials["Expiration"]);
    }

    [Fact]
    public async Task RootSession_IdentifiesAsTheRoot()
    {
        var session = await server.GetSessionTokenAsync(server.Root);

        var identity = (await server.Boto3Async(session, "sts", "GetCallerIdentity")).Ok();

        Assert.Equal($"arn:aws:iam::{server.AccountId}:root", (string)identity["Arn"]);
        Assert.Equal(server.AccountId, (string)identity["UserId"]);
    }

    [Fact]
    public async Task DurationAboveThirtySixHours_IsAValidationError()
    {
        var error = (await server.Boto3Async(await UserKeyAsync(), "sts", "GetSessionToken", new { DurationSeconds = 129_601 })).Failed();

        Assert.Equal("ValidationError", error.Code);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task SessionToken_LooksLikeAws()
    {
        var session = await server.GetSessionTokenAsync(await UserKeyAsync());

        Assert.True(session.SessionToken.Length > 300, session.SessionToken.Length.ToString(CultureInfo.InvariantCulture));
        Assert.NotEmpty(Convert.FromBase64String(session.SessionToken));
    }

    [Fact]
    public async Task ExpiredSession_IsRefusedWithExpiredToken()
    {
        var name = GitsteadServer.UniqueName("temp");
        await server.CreateUserAsync(name);
        var session = await server.GetSessionTokenAsync(await server.CreateAccessKeyAsync(name));
        (await server.Boto3Async(session, "sts", "GetCallerIdentity")).Ok();

        await ExpireAsync(session.AccessKeyId);
        var error = (await server.Boto3Async(session, "sts", "GetCallerIdentity")).Failed();

        Assert.Equal("ExpiredToken", error.Code);
    }

    private static void AssertExpiresIn(TimeSpan expected, string expiration)
    {
        var remaining = DateTimeOffset.Parse(expiration, CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow;
        Assert.InRange(remaining, expected - TimeSpan.FromMinutes(2), expected + TimeSpan.FromSeconds(5));
    }

    /// <summary>Moves a session's expiry into the past, as if its time had run out.</summary>
    private async Task ExpireAsync(string accessKeyId)
    {
        const string Sql = "UPDATE \"SessionCredentials\" SET \"Expiration\" = @past WHERE \"AccessKeyId\" = @id";
        var past = DateTime.UtcNow.AddMinutes(-1);
        int updated;
        switch (server)
        {
            case SqliteServer sqlite:
                await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlite.DatabasePath, Pooling = false }.ToString()))
                {
                    await connection.OpenAsync();
                    await using var command = connection.CreateCommand();
                    command.CommandText = Sql;
                    command.Parameters.AddWithValue("@past", past.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                    command.Parameters.AddWithValue("@id", accessKeyId);
                    updated = await command.ExecuteNonQueryAsync();
                }

                break;
            case PostgresServer postgres:
                await using (var connection = await TestPostgres.OpenAsync(postgres.DatabaseName))
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = Sql;
                    command.Parameters.AddWithValue("past", past);
                    command.Parameters.AddWithValue("id", accessKeyId);
                    updated = await command.ExecuteNonQueryAsync();
                }

                break;
            default:
                throw new InvalidOperationException($"unknown server kind {server.DatabaseKind}");
        }

        Assert.Equal(1, updated);
    }

    private async Task<Credentials> UserKeyAsync()
    {
        var name = GitsteadServer.UniqueName("temp");
        await server.CreateUserAsync(name);
        return await server.CreateAccessKeyAsync(name);
    }
}

public sealed class SessionTokenRulesOnSqlite(SqliteServer server) : SessionTokenRulesTests<SqliteServer>(server);

public sealed class SessionTokenRulesOnPostgres(PostgresServer server) : SessionTokenRulesTests<PostgresServer>(server);
