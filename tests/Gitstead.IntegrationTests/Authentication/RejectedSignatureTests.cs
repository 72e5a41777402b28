using System.Net;
using System.Security.Cryptography;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Authentication;

/// <summary>Requests that are not correctly signed by a known key are refused the way AWS refuses them.</summary>
public abstract class RejectedSignatureTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    private const string ListUsersBody = "Action=ListUsers&Version=2010-05-08";

    [Theory]
    [InlineData("iam", "ListUsers")]
    [InlineData("sts", "GetCallerIdentity")]
    public async Task UnknownAccessKey_IsInvalidClientTokenId(string service, string operation)
    {
        var stranger = new Credentials("AKIA" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), NewSecret());

        var error = (await server.Boto3Async(stranger, service, operation)).Failed();

        Assert.Equal("InvalidClientTokenId", error.Code);
        Assert.Equal(403, error.Status);
        Assert.Equal("The security token included in the request is invalid.", error.Message);
    }

    [Theory]
    [InlineData("iam", "ListUsers")]
    [InlineData("sts", "GetCallerIdentity")]
    public async Task RootKeyWithWrongSecret_IsSignatureDoesNotMatch(string service, string operation)
    {
        var wrong = server.Root with { SecretAccessKey = NewSecret() };

        var error = (await server.Boto3Async(wrong, service, operation)).Failed();

        Assert.Equal("SignatureDoesNotMatch", error.Code);
        Assert.Equal(403, error.Status);
    }

    [Fact]
    public async Task AwsCli_WithWrongSecret_ReportsSignatureDoesNotMatch()
    {
        var wrong = server.Root with { SecretAccessKey = NewSecret() };

        var result = await server.RunAwsAsync(wrong, "iam", "list-users");

        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.ErrorCode == "SignatureDoesNotMatch", result.ToString());
    }

    [Fact]
    public async Task UnsignedRequest_IsMissingAuthenticationToken()
    {
        using var content = new StringContent(ListUsersBody, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await server.Http.PostAsync("/", content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{(int)response.StatusCode}: {body}\n--- server log ---\n{server.Log.Tail()}");
        Assert.Contains("<Code>MissingAuthenticationToken</Code>", body);
    }

    [Fact]
    public async Task RequestSignedTwentyMinutesAgo_IsSignatureExpired()
    {
        var signing = new RawSigning(server.Root, "iam", Timestamp: DateTime.UtcNow.AddMinutes(-20));

        var response = await server.SendRawAsync(ListUsersBody, signing);

        Assert.True(response.Status == 403, response.ToString());
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", response.Body);
        Assert.Contains("Signature expired", response.Body);
    }

    [Fact]
    public async Task RequestSignedTwentyMinutesAhead_IsRefused()
    {
        var signing = new RawSigning(server.Root, "iam", Timestamp: DateTime.UtcNow.AddMinutes(20));

        var response = await server.SendRawAsync(ListUsersBody, signing);

        Assert.True(response.Status == 403, response.ToString());
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", response.Body);
    }

    [Fact]
    public async Task RequestSignedNow_IsAccepted()
    {
        var response = await server.SendRawAsync(ListUsersBody, new RawSigning(server.Root, "iam"));

        Assert.True(response.Status == 200, response.ToString());
        Assert.Contains("<ListUsersResult>", response.Body);
    }

    private static string NewSecret() =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);
}

public sealed class RejectedSignatureOnSqlite(SqliteServer server) : RejectedSignatureTests<SqliteServer>(server);

public sealed class RejectedSignatureOnPostgres(PostgresServer server) : RejectedSignatureTests<PostgresServer>(server);
