using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// Git requests no git client sends, and password guessing: each malformed upload-pack
/// request is a 4xx with a readable message, a push is refused before its command list is
/// read when the caller may not push, and one larger than CodeCommit allows is refused.
/// </summary>
public abstract class HostileGitRequestTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    public static TheoryData<string, string, string> MalformedUploadPackBodies => new()
    {
        { "empty body", "", "" },
        { "invalid length", "zzzz", "" },
        { "truncated line", "0010abc", "" },
        { "non-hex want", "0032want zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\n0000", "" },
        { "unknown v2 command", "0014command=bogus\n0000", "version=2" },
    };

    [Theory]
    [MemberData(nameof(MalformedUploadPackBodies))]
    public async Task MalformedUploadPackRequest_IsA400WithAMessage(string why, string body, string protocol)
    {
        var (repository, login) = await RepositoryAndPowerUserAsync("malformed");
        using var request = Post(repository, "git-upload-pack", login, Encoding.ASCII.GetBytes(body));
        if (protocol.Length > 0)
        {
            request.Headers.Add("Git-Protocol", protocol);
        }

        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: HTTP {(int)response.StatusCode} {text}");
        Assert.StartsWith("Malformed git-upload-pack request: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidGzipUploadPackRequest_IsA400()
    {
        var (repository, login) = await RepositoryAndPowerUserAsync("gzip");
        using var request = Post(repository, "git-upload-pack", login, Encoding.ASCII.GetBytes("this is not gzip"));
        request.Content!.Headers.ContentEncoding.Add("gzip");

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PushByAUserWithoutPolicies_IsRefusedBeforeItsCommandListIsRead()
    {
        var repository = await server.NewRepositoryAsync("no-push");
        var (_, credentials) = await server.NewGitUserAsync("nobody");
        using var request = Post(repository, "git-receive-pack", Basic(credentials), CommandList(20_000));

        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("is not authorized to perform: codecommit:GitPush", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushOfMoreThanFourThousandReferences_IsA400()
    {
        var (repository, login) = await RepositoryAndPowerUserAsync("many-refs");
        using var request = Post(repository, "git-receive-pack", login, CommandList(4001));

        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 4000 references", text, StringComparison.Ordinal);
    }

    private async Task<(GitRepository Repository, AuthenticationHeaderValue Login)> RepositoryAndPowerUserAsync(string prefix)
    {
        var repository = await server.NewRepositoryAsync(prefix);
        var (_, credentials) = await server.NewGitUserAsync("dev", GitSteps.PowerUser);
        return (repository, Basic(credentials));
    }

    private static HttpRequestMessage Post(GitRepository repository, string service, AuthenticationHeaderValue login, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/repos/{repository.Name}/{service}")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue($"application/x-{service}-request");
        request.Headers.Authorization = login;
        return request;
    }

    internal static AuthenticationHeaderValue Basic(GitCredentials credentials) =>
        Basic(credentials.ServiceUserName, credentials.ServicePassword);

    internal static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>A receive-pack command list creating <paramref name="count"/> branches, ending with a flush.</summary>
    internal static byte[] CommandList(int count)
    {
        var body = new StringBuilder();
        var id = new string('1', 40);
        for (var i = 0; i < count; i++)
        {
            var line = $"{new string('0', 40)} {id} refs/heads/branch-{i:D6}{(i == 0 ? "\0report-status" : "")}\n";
            body.Append((line.Length + 4).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)).Append(line);
        }

        return Encoding.ASCII.GetBytes(body.Append("0000").ToString());
    }
}

public sealed class HostileGitRequestsOnSqlite(SqliteServer server) : HostileGitRequestTests<SqliteServer>(server);

public sealed class HostileGitRequestsOnPostgres(PostgresServer server) : HostileGitRequestTests<PostgresServer>(server);
