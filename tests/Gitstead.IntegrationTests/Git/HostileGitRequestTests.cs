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
    public async Task PushOfMoreThanFourThousandReferences_IsRefusedWithAReportGitShows()
    {
        var (repository, login) = await RepositoryAndPowerUserAsync("many-refs");
        using var request = Post(repository, "git-receive-pack", login, CommandList(4002, "report-status side-band-64k"));

        using var response = await server.Http.SendAsync(request);
        var (messages, report) = Demultiplex(await response.Content.ReadAsByteArrayAsync());

        // What git prints: "remote: A push may change …", then "! [remote rejected] REF (too many …)" for every ref.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-git-receive-pack-result", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("A push may change at most 4000 references and this one changes 4002", messages, StringComparison.Ordinal);
        Assert.Equal("unpack ok", report[0]);
        Assert.Equal(4002, report.Count(line => line.StartsWith("ng refs/heads/branch-", StringComparison.Ordinal)
            && line.EndsWith(" too many references in one push", StringComparison.Ordinal)));
        Assert.Equal("ng refs/heads/branch-004001 too many references in one push", report[^1]);
        var refs = await server.RunAwsAsync(server.Root, "codecommit", "list-branches", "--repository-name", repository.Name);
        Assert.Empty(refs.Ok()["branches"]!.AsArray());
    }

    /// <summary>A side-band-64k answer: the text of band 2, and the pkt-lines carried on band 1.</summary>
    private static (string Messages, List<string> Report) Demultiplex(byte[] body)
    {
        var messages = new StringBuilder();
        var data = new List<byte>();
        foreach (var packet in PktLines(body))
        {
            if (packet.Length > 0 && packet[0] == 2)
            {
                messages.Append(Encoding.UTF8.GetString(packet, 1, packet.Length - 1));
            }
            else if (packet.Length > 0 && packet[0] == 1)
            {
                data.AddRange(packet.Skip(1));
            }
        }

        return (messages.ToString(), [.. PktLines([.. data]).Select(line => Encoding.UTF8.GetString(line).TrimEnd('\n'))]);
    }

    private static IEnumerable<byte[]> PktLines(byte[] bytes)
    {
        for (var at = 0; at + 4 <= bytes.Length;)
        {
            var length = Convert.ToInt32(Encoding.ASCII.GetString(bytes, at, 4), 16);
            if (length < 4)
            {
                at += 4;
                continue;
            }

            yield return bytes[(at + 4)..(at + length)];
            at += length;
        }
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
    internal static byte[] CommandList(int count, string capabilities = "report-status")
    {
        var body = new StringBuilder();
        var id = new string('1', 40);
        for (var i = 0; i < count; i++)
        {
            var line = $"{new string('0', 40)} {id} refs/heads/branch-{i:D6}{(i == 0 ? "\0" + capabilities : "")}\n";
            body.Append((line.Length + 4).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)).Append(line);
        }

        return Encoding.ASCII.GetBytes(body.Append("0000").ToString());
    }
}

public sealed class HostileGitRequestsOnSqlite(SqliteServer server) : HostileGitRequestTests<SqliteServer>(server);

public sealed class HostileGitRequestsOnPostgres(PostgresServer server) : HostileGitRequestTests<PostgresServer>(server);
