using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Iam;

/// <summary>
/// Input an attacker sends to the API: control characters where the model's patterns forbid
/// them, with and without credentials; a body Kestrel cannot read; a simulation of a million
/// pairs; thousands of tags from a user with no policy; JSON bodies and policy documents nested
/// too deep; a body over the operation's limit. Each is a client error in the client's
/// format, nothing unreadable is stored, and no stack trace reaches the log.
/// </summary>
public abstract class HostileApiInputTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    private const string StackTraceMarker = "   at ";

    [Theory]
    [InlineData("a\u0001b", "/")]
    [InlineData("a\u0000b", "/")]
    [InlineData("plain", "/a\u0000/")]
    public async Task CreateUser_WithAControlCharacter_IsAValidationError(string userName, string path)
    {
        var parameters = new { UserName = userName, Path = path };

        var error = (await server.Boto3Async(server.Root, "iam", "CreateUser", parameters)).Failed();

        Assert.Equal("ValidationError", error.Code);
        Assert.Equal(400, error.Status);
        AssertNoStackTrace();
    }

    [Fact]
    public async Task TagUser_WithAControlCharacterInAValue_IsAValidationError()
    {
        var name = GitsteadServer.UniqueName("tagged");
        await server.CreateUserAsync(name);

        var error = (await server.Boto3Async(server.Root, "iam", "TagUser",
            new { UserName = name, Tags = new[] { new { Key = "k", Value = "v\u0001" } } })).Failed();

        Assert.Equal("ValidationError", error.Code);
        AssertNoStackTrace();
    }

    [Fact]
    public async Task CreatePolicy_WithAControlCharacterInTheDescription_IsRefusedAndNotStored()
    {
        var name = GitsteadServer.UniqueName("ctl");
        var document = JsonSerializer.Serialize(new { Version = "2012-10-17", Statement = new[] { new { Effect = "Allow", Action = "s3:*", Resource = "*" } } });

        var error = (await server.Boto3Async(server.Root, "iam", "CreatePolicy",
            new { PolicyName = name, Description = "d\u0001", PolicyDocument = document })).Failed();

        Assert.Equal("ValidationError", error.Code);
        var lookup = (await server.Boto3Async(server.Root, "iam", "GetPolicy", new { PolicyArn = $"arn:aws:iam::{server.AccountId}:policy/{name}" })).Failed();
        Assert.Equal("NoSuchEntity", lookup.Code);
        AssertNoStackTrace();
    }

    [Fact]
    public async Task SimulateCustomPolicy_WithAControlCharacterInAnAction_IsAValidationError()
    {
        var document = JsonSerializer.Serialize(new { Version = "2012-10-17", Statement = new[] { new { Effect = "Allow", Action = "s3:*", Resource = "*" } } });

        var error = (await server.Boto3Async(server.Root, "iam", "SimulateCustomPolicy",
            new { PolicyInputList = new[] { document }, ActionNames = new[] { "s3:Get\u0001" } })).Failed();

        Assert.Equal("ValidationError", error.Code);
        AssertNoStackTrace();
    }

    [Theory]
    [InlineData("/?Action=List%01Users&Version=2010-05-08")]
    [InlineData("/?Action=ListUsers&Version=2010-05-08&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%01/20260101/us-east-1/iam/aws4_request&X-Amz-Date=20260101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00")]
    [InlineData("/?Action=ListUsers&Version=2010-05-08&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE/20260101/us-east-1/iam/aws4_request&X-Amz-Date=2026%0101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00")]
    public async Task WithoutCredentials_AControlCharacter_IsAClientErrorInXml(string pathAndQuery)
    {
        var response = await server.SendRawAsync("", signing: null, method: "GET", path: pathAndQuery);

        Assert.InRange(response.Status, 400, 499);
        Assert.Contains("<ErrorResponse", response.Body, StringComparison.Ordinal);
        AssertNoStackTrace();
    }

    [Fact]
    public async Task MalformedChunkedBody_IsA400InTheClientsFormat()
    {
        var head = $"POST / HTTP/1.1\r\nHost: localhost:{server.Endpoint.Port}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "X-Amz-Target: CodeCommit_20150413.ListRepositories\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nnot a chunk\r\n";

        var (status, body) = await SendRawHttpAsync(head);

        Assert.True(status == 400, $"HTTP {status}\n{body}\n{server.Log.Tail()}");
        Assert.Contains("\"__type\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InternalFailure", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimulateCustomPolicy_OfAMillionPairs_AnswersOnePageAndTheServerStaysUp()
    {
        var key = await ReadOnlyIamUserAsync();
        var document = JsonSerializer.Serialize(new { Version = "2012-10-17", Statement = new[] { new { Effect = "Allow", Action = "s3:Get*", Resource = "*" } } });
        var actions = Enumerable.Range(0, 1000).Select(i => $"s3:GetObject{i}").ToArray();
        var resources = Enumerable.Range(0, 1000).Select(i => $"arn:aws:s3:::bucket{i}/key").ToArray();

        var page = (await server.Boto3Async(key, "iam", "SimulateCustomPolicy",
            new { PolicyInputList = new[] { document }, ActionNames = actions, ResourceArns = resources, MaxItems = 3 })).Ok();
        var next = (await server.Boto3Async(key, "iam", "SimulateCustomPolicy",
            new { PolicyInputList = new[] { document }, ActionNames = actions, ResourceArns = resources, MaxItems = 2, Marker = (string)page["Marker"]! })).Ok();

        Assert.True((bool)page["IsTruncated"]!);
        Assert.Equal(
            ["arn:aws:s3:::bucket0/key", "arn:aws:s3:::bucket1/key", "arn:aws:s3:::bucket2/key", "arn:aws:s3:::bucket3/key", "arn:aws:s3:::bucket4/key"],
            page["EvaluationResults"]!.AsArray().Concat(next["EvaluationResults"]!.AsArray()).Select(r => (string)r!["EvalResourceName"]!));
        Assert.All(page["EvaluationResults"]!.AsArray(), r => Assert.Equal("allowed", (string)r!["EvalDecision"]!));
        (await server.Boto3Async(server.Root, "iam", "ListUsers")).Ok();
    }

    [Fact]
    public async Task TagUser_WithSixteenThousandTags_FromAUserWithoutPolicies_IsAValidationError()
    {
        var name = GitsteadServer.UniqueName("notags");
        await server.CreateUserAsync(name);
        var key = await server.CreateAccessKeyAsync(name);
        var tags = Enumerable.Range(0, 16_000).Select(i => new { Key = $"k{i}", Value = "v" }).ToArray();

        var error = (await server.Boto3Async(key, "iam", "TagUser", new { UserName = name, Tags = tags })).Failed();

        Assert.Equal("ValidationError", error.Code);
        Assert.Contains("Member must have length less than or equal to 50", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonBody_NestedDeeperThanTheLimit_IsASerializationException()
    {
        var body = "{\"nextToken\":null,\"x\":" + new string('[', 40) + new string(']', 40) + "}";
        var headers = new Dictionary<string, string>
        {
            ["Content-Type"] = "application/x-amz-json-1.1",
            ["X-Amz-Target"] = "CodeCommit_20150413.ListRepositories",
        };

        var response = await server.SendRawAsync(body, new RawSigning(server.Root, "codecommit", GitsteadServer.Region), headers);

        Assert.True(response.Status == 400, response.ToString());
        var error = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal("SerializationException", error.GetProperty("__type").GetString());
        AssertNoStackTrace();
    }

    [Fact]
    public async Task PolicyDocument_NestedDeeperThanTheLimit_IsMalformedPolicyDocument()
    {
        var document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
            + "\"Condition\":{\"StringEquals\":{\"aws:username\":" + new string('[', 40) + new string(']', 40) + "}}}]}";

        var result = await server.RunAwsAsync(server.Root, "iam", "create-policy",
            "--policy-name", GitsteadServer.UniqueName("deep"), "--policy-document", document);

        Assert.Equal("MalformedPolicyDocument", result.ErrorCode);
        AssertNoStackTrace();
    }

    [Fact]
    public async Task JsonBody_OverTheOperationsLimit_IsRequestEntityTooLarge()
    {
        var body = "{\"nextToken\":\"" + new string('a', (1 << 20) + 1) + "\"}";
        var headers = new Dictionary<string, string>
        {
            ["Content-Type"] = "application/x-amz-json-1.1",
            ["X-Amz-Target"] = "CodeCommit_20150413.ListRepositories",
        };

        var response = await server.SendRawAsync(body, new RawSigning(server.Root, "codecommit", GitsteadServer.Region), headers);

        Assert.True(response.Status == 413, response.ToString());
        Assert.Equal("RequestEntityTooLarge", JsonDocument.Parse(response.Body).RootElement.GetProperty("__type").GetString());
    }

    private async Task<Credentials> ReadOnlyIamUserAsync()
    {
        var name = GitsteadServer.UniqueName("sim");
        await server.CreateUserAsync(name);
        (await server.RunAwsAsync(server.Root, "iam", "attach-user-policy", "--user-name", name,
            "--policy-arn", "arn:aws:iam::aws:policy/IAMReadOnlyAccess")).Ok();
        return await server.CreateAccessKeyAsync(name);
    }

    /// <summary>Sends bytes no HTTP client would send, over TLS, and reads the status and body of the answer.</summary>
    private async Task<(int Status, string Body)> SendRawHttpAsync(string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Endpoint.Host, server.Endpoint.Port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("localhost");
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request));
        await tls.FlushAsync();
        using var reader = new StreamReader(tls, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync();
        var status = int.Parse(answer.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var split = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, split < 0 ? "" : answer[(split + 4)..]);
    }

    private void AssertNoStackTrace() =>
        Assert.DoesNotContain(StackTraceMarker, server.LogText, StringComparison.Ordinal);
}

public sealed class HostileApiInputOnSqlite(SqliteServer server) : HostileApiInputTests<SqliteServer>(server);

public sealed class HostileApiInputOnPostgres(PostgresServer server) : HostileApiInputTests<PostgresServer>(server);
