using System.Globalization;
using System.Text;
using System.Text.Json;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Fuzz;

/// <summary>
/// Several hundred seeded-random mutated requests to a running server: signed JSON 1.1 calls
/// (CodeCommit, KMS) and Query calls (IAM, STS) whose target, content type, headers and bodies
/// are mutated before signing, presigned URLs with mutated parameters, garbage Basic logins,
/// and Git smart-HTTP requests with mutated pkt-line bodies. No answer is a 5xx, every error is
/// in the client's own format, and the server logs no unexpected exception. A failure prints
/// the seed; <c>GITSTEAD_FUZZ_SEED</c> replays it and <c>GITSTEAD_FUZZ_SCALE</c> multiplies the count.
/// </summary>
public sealed class ServerFuzzTests(FuzzServer server) : IClassFixture<FuzzServer>
{
    private const int BaseRequests = 400;

    private static readonly string[] JsonBodies =
    [
        """{"repositoryName": "REPO"}""",
        """{"repositoryName": "REPO", "repositoryDescription": "d\u00e9scription", "tags": {"team": "fuzz"}}""",
        """{"repositoryName": "REPO", "branchName": "main", "commitId": "1f7a6c5b4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b"}""",
        """{"repositoryName": "REPO", "afterCommitSpecifier": "main", "beforeCommitSpecifier": "HEAD~1", "maxResults": 10, "nextToken": "abc"}""",
        """{"repositoryName": "REPO", "branchName": "main", "fileContent": "aGVsbG8=", "filePath": "a/b.txt", "fileMode": "NORMAL", "parentCommitId": "x"}""",
        """{"sortBy": "repositoryName", "order": "descending", "nextToken": "eyJ4IjoxfQ=="}""",
    ];

    private static readonly string[] JsonTargets =
    [
        "CodeCommit_20150413.GetRepository", "CodeCommit_20150413.GetBranch", "CodeCommit_20150413.ListRepositories",
        "CodeCommit_20150413.GetDifferences", "CodeCommit_20150413.PutFile", "CodeCommit_20150413.UpdateRepositoryDescription",
        "CodeCommit_20150413.ListBranches", "CodeCommit_20150413.GetFolder",
    ];

    private static readonly string[] KmsBodies =
    [
        """{"KeyId": "alias/aws/codecommit"}""",
        """{"KeyId": "alias/aws/codecommit", "Plaintext": "aGVsbG8=", "EncryptionContext": {"k": "v"}}""",
        """{"CiphertextBlob": "AQIDBAUG", "EncryptionContext": {"k": "v"}, "GrantTokens": ["t"]}""",
        """{"Limit": 10, "Marker": "abc"}""",
        """{"KeyId": "alias/aws/codecommit", "NumberOfBytes": 32, "KeySpec": "AES_256"}""",
    ];

    private static readonly string[] KmsTargets =
    [
        "TrentService.DescribeKey", "TrentService.Encrypt", "TrentService.Decrypt", "TrentService.ListKeys",
        "TrentService.ListAliases", "TrentService.GenerateDataKey", "TrentService.GetKeyPolicy",
    ];

    private static readonly string[] IamForms =
    [
        "Action=ListUsers&Version=2010-05-08&MaxItems=10",
        "Action=GetUser&Version=2010-05-08&UserName=nobody",
        "Action=ListAttachedUserPolicies&Version=2010-05-08&UserName=nobody&Marker=abc",
        "Action=SimulateCustomPolicy&Version=2010-05-08&ActionNames.member.1=codecommit%3AGitPull&PolicyInputList.member.1=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D",
        "Action=GetAccountAuthorizationDetails&Version=2010-05-08&Filter.member.1=User",
        "Action=ListSSHPublicKeys&Version=2010-05-08&UserName=nobody",
    ];

    private static readonly string[] StsForms =
    [
        "Action=GetCallerIdentity&Version=2011-06-15",
        "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=900",
    ];

    private static readonly string[] ContentTypes =
        ["application/x-amz-json-1.1", "application/x-www-form-urlencoded; charset=utf-8", "application/json", "text/plain"];

    /// <summary>Marks of an exception's stack trace or the dispatcher's catch-all in the server log.</summary>
    private static readonly string[] CrashMarks = ["   at ", "failed unexpectedly", "Unhandled exception", "fail: "];

    [Fact]
    public async Task MutatedRequests_AreAnsweredWithoutServerErrorsInTheClientsFormat()
    {
        // Arrange
        var seed = int.TryParse(Environment.GetEnvironmentVariable("GITSTEAD_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var given)
            ? given
            : Random.Shared.Next();
        var repository = await server.NewRepositoryAsync("fuzz");
        var (_, credentials) = await server.NewGitUserAsync("fuzzer", GitSteps.PowerUser);
        var login = HostileGitRequestTests<FuzzServer>.Basic(credentials).Parameter!;
        var mutator = new FuzzMutator(seed);
        var count = BaseRequests * Scale;
        using var http = TrustedHttp.Create(server.CaBundlePath, server.Endpoint);
        http.Timeout = TimeSpan.FromSeconds(60);

        // Act + Assert
        for (var i = 0; i < count; i++)
        {
            var request = Build(mutator, repository.Name, login);
            if (!Uri.TryCreate(server.Endpoint, request.PathAndQuery, out _))
            {
                continue;
            }

            var (status, contentType, body) = await SendAsync(http, request, seed, i);
            var problem = Check(request, status, contentType, body);
            Assert.True(problem is null, $"seed {seed} (GITSTEAD_FUZZ_SEED={seed}), request {i}: {problem}\n--- request ---\n{request.Describe()}\n--- answer ---\n{status} {contentType}\n{body}\n--- server log ---\n{server.Log.Tail()}");
        }

        var crash = CrashMarks.FirstOrDefault(mark => server.LogText.Contains(mark, StringComparison.Ordinal));
        Assert.True(crash is null, $"seed {seed} (GITSTEAD_FUZZ_SEED={seed}): the server log shows '{crash}'\n{server.Log.Tail(20_000)}");
    }

    public static TheoryData<string, string, string, string> FoundBodies => new()
    {
        // Each of these answered 500 before its parser refused it.
        { "codecommit", "CodeCommit_20150413.GetRepository", "{\"repositoryName\": \"a\\ud800\"}", "SerializationException" },
        { "codecommit", "CodeCommit_20150413.GetRepository", "{\"repos\u00E9toryName\": \"a\"}", "SerializationException" },
        { "kms", "TrentService.DescribeKey", "{\"\\udc00\": 1, \"KeyId\": \"alias/aws/codecommit\"}", "SerializationException" },
        { "cloudtrail", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents", "{\"StartTime\": 1e300}", "SerializationException" },
    };

    [Theory]
    [MemberData(nameof(FoundBodies))]
    public async Task FoundJsonBody_IsA400InTheJsonFormat(string service, string target, string body, string code)
    {
        // Arrange: é is sent as the single Latin-1 byte 0xE9, which is not UTF-8.
        var request = new FuzzRequest { Body = body.Contains('\u00E9') ? Encoding.Latin1.GetBytes(body) : Encoding.UTF8.GetBytes(body) };
        request.Headers.Add(new("X-Amz-Target", target));
        request.Headers.Add(new("Content-Type", "application/x-amz-json-1.1"));
        FuzzSigner.SignHeaders(request, server.Root, service, Host, DateTime.UtcNow);
        using var http = TrustedHttp.Create(server.CaBundlePath, server.Endpoint);

        // Act
        var (status, _, answer) = await SendAsync(http, request, 0, 0);

        // Assert
        Assert.Equal(400, status);
        Assert.Equal(code, JsonDocument.Parse(answer).RootElement.GetProperty("__type").GetString());
    }

    [Theory]
    [InlineData("{\"Version\": \"2012-10-17\", \"Statement\": [{\"\\ud800\": 1, \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}")]
    [InlineData("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"\\ud800x\", \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}")]
    [InlineData("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"\\udc00\", \"Resource\": \"*\"}]}")]
    public async Task CreatePolicy_WithAnEscapedLoneSurrogate_IsMalformedPolicyDocument(string document)
    {
        // Arrange
        var form = $"Action=CreatePolicy&Version=2010-05-08&PolicyName={GitsteadServer.UniqueName("fuzz")}&PolicyDocument={Uri.EscapeDataString(document)}";
        var request = new FuzzRequest { Expect = "query", Body = Encoding.UTF8.GetBytes(form) };
        request.Headers.Add(new("Content-Type", ContentTypes[1]));
        FuzzSigner.SignHeaders(request, server.Root, "iam", Host, DateTime.UtcNow);
        using var http = TrustedHttp.Create(server.CaBundlePath, server.Endpoint);

        // Act
        var (status, _, answer) = await SendAsync(http, request, 0, 0);

        // Assert
        Assert.Equal(400, status);
        Assert.Contains("<Code>MalformedPolicyDocument</Code>", answer, StringComparison.Ordinal);
    }

    private static int Scale =>
        int.TryParse(Environment.GetEnvironmentVariable("GITSTEAD_FUZZ_SCALE"), NumberStyles.None, CultureInfo.InvariantCulture, out var scale) && scale > 0
            ? scale
            : 1;

    private FuzzRequest Build(FuzzMutator m, string repositoryName, string login) => m.Next(10) switch
    {
        < 3 => Json(m, repositoryName),
        < 5 => Query(m),
        < 6 => Presigned(m),
        _ => Git(m, repositoryName, login),
    };

    private FuzzRequest Json(FuzzMutator m, string repositoryName)
    {
        var kms = m.Chance(35);
        var target = m.Pick(kms ? KmsTargets : JsonTargets);
        var body = Encoding.UTF8.GetBytes(m.Pick(kms ? KmsBodies : JsonBodies).Replace("REPO", repositoryName, StringComparison.Ordinal));
        var request = new FuzzRequest { Expect = "json", Body = m.Chance(80) ? m.Bytes(body) : body };
        request.Headers.Add(new("X-Amz-Target", m.Chance(20) ? m.HeaderText(target) : target));
        request.Headers.Add(new("Content-Type", m.Chance(15) ? m.Pick(ContentTypes) : "application/x-amz-json-1.1"));
        Sign(m, request, kms ? "kms" : "codecommit");
        return request;
    }

    private FuzzRequest Query(FuzzMutator m)
    {
        var sts = m.Chance(30);
        var form = Encoding.UTF8.GetBytes(m.Pick(sts ? StsForms : IamForms));
        var request = new FuzzRequest { Expect = "query", Body = m.Chance(85) ? m.Bytes(form) : form };
        request.Headers.Add(new("Content-Type", m.Chance(15) ? m.Pick(ContentTypes) : ContentTypes[1]));
        Sign(m, request, sts ? "sts" : "iam");
        return request;
    }

    private FuzzRequest Presigned(FuzzMutator m)
    {
        var sts = m.Chance(50);
        var query = FuzzSigner.Presign(m.Pick(sts ? StsForms : IamForms), server.Root, sts ? "sts" : "iam", Host, DateTime.UtcNow);
        return new FuzzRequest { Method = "GET", Expect = "query", PathAndQuery = "/?" + (m.Chance(85) ? m.HeaderText(query) : query) };
    }

    private FuzzRequest Git(FuzzMutator m, string repositoryName, string login)
    {
        var service = m.Pick(new[] { "git-upload-pack", "git-receive-pack" });
        var path = $"/v1/repos/{(m.Chance(10) ? Uri.EscapeDataString(m.HeaderText(repositoryName)) : repositoryName)}";
        var request = new FuzzRequest { Expect = "git" };
        if (m.Chance(25))
        {
            request.Method = "GET";
            request.PathAndQuery = $"{path}/info/refs?service={(m.Chance(20) ? Uri.EscapeDataString(m.HeaderText(service)) : service)}";
        }
        else
        {
            request.PathAndQuery = $"{path}/{service}";
            request.Body = m.Bytes(GitBodies(service, m));
            request.Headers.Add(new("Content-Type", $"application/x-{service}-request"));
        }

        request.Headers.Add(new("Authorization", m.Chance(70) ? "Basic " + login : m.HeaderText("Basic " + login)));
        if (m.Chance(30))
        {
            request.Headers.Add(new("Git-Protocol", m.HeaderText("version=2")));
        }

        return request;
    }

    private static byte[] GitBodies(string service, FuzzMutator m)
    {
        const string zero = "0000000000000000000000000000000000000000";
        const string id = "1f7a6c5b4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b";
        var text = service == "git-receive-pack"
            ? Line($"{zero} {id} refs/heads/fuzz-{m.Next(1000)}\0report-status side-band-64k\n") + "0000PACK\0\0\0\u0002\0\0\0\0"
            : m.Chance(50)
                ? Line($"want {id} multi_ack_detailed side-band-64k ofs-delta\n") + "0000" + Line("done\n")
                : Line("command=ls-refs\n") + "0001" + Line("peel\n") + Line("ref-prefix refs/heads/\n") + "0000";
        return Encoding.ASCII.GetBytes(text);
    }

    private static string Line(string payload) => (payload.Length + 4).ToString("x4", CultureInfo.InvariantCulture) + payload;

    /// <summary>Signs most requests correctly after mutating them, so they reach the parsers behind authentication; damages the rest.</summary>
    private void Sign(FuzzMutator m, FuzzRequest request, string service)
    {
        if (m.Chance(10))
        {
            return;
        }

        FuzzSigner.SignHeaders(request, server.Root, service, Host, DateTime.UtcNow);
        if (m.Chance(20))
        {
            var index = request.Headers.FindIndex(h => h.Key is "Authorization" or "X-Amz-Date");
            var header = request.Headers[index];
            request.Headers[index] = new(header.Key, m.HeaderText(header.Value));
        }
    }

    private string Host => $"{server.Endpoint.Host}:{server.Endpoint.Port}";

    private static async Task<(int Status, string ContentType, string Body)> SendAsync(HttpClient http, FuzzRequest request, int seed, int index)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.PathAndQuery);
        if (request.Method != "GET")
        {
            message.Content = new ByteArrayContent(request.Body);
        }

        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        try
        {
            using var response = await http.SendAsync(message);
            var contentType = response.Content.Headers.ContentType?.MediaType ?? "";
            return ((int)response.StatusCode, contentType, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException ex)
        {
            throw new InvalidOperationException($"seed {seed} (GITSTEAD_FUZZ_SEED={seed}), request {index}: no answer\n{request.Describe()}", ex);
        }
    }

    /// <summary>Null when the answer is acceptable; else what is wrong with it.</summary>
    private static string? Check(FuzzRequest request, int status, string contentType, string body)
    {
        if (status >= 500)
        {
            return "a server error";
        }

        if (status < 400)
        {
            return null;
        }

        return request.Expect switch
        {
            "json" => IsJsonError(body) ? null : "not a JSON 1.1 error with __type",
            "query" => body.Contains("<ErrorResponse", StringComparison.Ordinal) && body.Contains("<Code>", StringComparison.Ordinal)
                ? null
                : "not a Query ErrorResponse",
            _ => status == 401 || (body.Length > 0 && !contentType.Contains("json", StringComparison.Ordinal) && !contentType.Contains("html", StringComparison.Ordinal))
                ? null
                : "not a text answer git prints",
        };
    }

    private static bool IsJsonError(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("__type", out var type) && type.ValueKind == JsonValueKind.String
                && json.RootElement.TryGetProperty("message", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary>
/// A SQLite server whose Git sign-in throttle never blocks: the fuzzer sends hundreds of garbage
/// logins from one address, and a block would answer 429 before any parser is reached.
/// </summary>
public sealed class FuzzServer : SqliteServer
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraEnvironment() =>
    [
        new("Gitstead__GitSignIn__FreeFailures", "1000000"),
        new("Gitstead__GitSignIn__FreeAddressFailures", "1000000"),
    ];
}
