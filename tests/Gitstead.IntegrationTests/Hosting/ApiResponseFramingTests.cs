using System.Security.Cryptography;
using System.Text;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Hosting;

/// <summary>
/// API answers are rendered whole before they are sent: each carries its <c>Content-Length</c>
/// (as AWS's do) and no chunked framing, and an answer larger than one of the server's pooled
/// blocks arrives whole and in order, in the Query (XML) and the JSON protocol alike.
/// </summary>
public abstract class ApiResponseFramingTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Theory]
    [InlineData("iam", "Action=ListUsers&Version=2010-05-08", "application/x-www-form-urlencoded; charset=utf-8", null)]
    [InlineData("sts", "Action=GetCallerIdentity&Version=2011-06-15", "application/x-www-form-urlencoded; charset=utf-8", null)]
    [InlineData("codecommit", "{}", "application/x-amz-json-1.1", "CodeCommit_20150413.ListRepositories")]
    [InlineData("iam", "Action=GetUser&Version=2010-05-08&UserName=nobody-here", "application/x-www-form-urlencoded; charset=utf-8", null)]
    [InlineData("codecommit", "{\"repositoryName\":\"nothing-here\"}", "application/x-amz-json-1.1", "CodeCommit_20150413.GetRepository")]
    public async Task Answer_CarriesItsLengthAndNoChunking(string service, string body, string contentType, string? target)
    {
        // Arrange: two answers and two errors (an unknown user, an unknown repository).
        var headers = new Dictionary<string, string> { ["Content-Type"] = contentType };
        if (target is not null)
        {
            headers["X-Amz-Target"] = target;
        }

        // Act
        var response = await server.SendRawAsync(body, new RawSigning(server.Root, service), headers);

        // Assert
        Assert.True(response.Body.Length > 0, response.ToString());
        Assert.Equal(Encoding.UTF8.GetByteCount(response.Body).ToString(System.Globalization.CultureInfo.InvariantCulture), Header(response, "Content-Length"));
        Assert.Null(Header(response, "Transfer-Encoding"));
    }

    [Fact]
    public async Task QueryAnswerLargerThanABlock_ArrivesWhole()
    {
        // Arrange: 50 tags of the longest key and value make a ListUserTags answer of about 20 KB.
        var user = "framing-" + Guid.NewGuid().ToString("N")[..8];
        await server.CreateUserAsync(user);
        var tags = Enumerable.Range(0, 50)
            .Select(i => new { Key = $"k{i:D2}-" + RandomNumberGenerator.GetHexString(124, lowercase: true), Value = RandomNumberGenerator.GetHexString(256, lowercase: true) })
            .ToList();
        (await server.Boto3Async(server.Root, "iam", "TagUser", new { UserName = user, Tags = tags })).Ok();

        // Act
        var raw = await server.SendRawAsync($"Action=ListUserTags&Version=2010-05-08&UserName={user}", new RawSigning(server.Root, "iam"));
        var listed = (await server.Boto3Async(server.Root, "iam", "ListUserTags", new { UserName = user })).Ok();

        // Assert
        Assert.True(raw.Status == 200 && raw.Body.Length > 16 * 1024, $"{raw.Body.Length} characters: {raw}");
        Assert.Equal(raw.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(raw, "Content-Length"));
        Assert.Equal(
            tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value)),
            listed["Tags"]!.AsArray().Select(t => ((string)t!["Key"]!, (string)t["Value"]!)).OrderBy(t => t.Item1, StringComparer.Ordinal));
        Assert.EndsWith("</ListUserTagsResponse>", raw.Body.TrimEnd());
    }

    [Fact]
    public async Task JsonAnswerLargerThanABlock_ArrivesWhole()
    {
        // Arrange: a 200 KB file, whose GetFile answer carries it in base64 (about 270 KB).
        var repository = await server.NewRepositoryAsync("framing");
        var content = RandomNumberGenerator.GetBytes(200 * 1024);
        (await server.Boto3Async(server.Root, "codecommit", "PutFile", new
        {
            repositoryName = repository.Name,
            branchName = "main",
            filePath = "random.bin",
            fileContent = new Dictionary<string, string> { ["$base64"] = Convert.ToBase64String(content) },
            commitMessage = "Add random bytes",
        })).Ok();

        // Act
        var answer = (await server.Boto3Async(server.Root, "codecommit", "GetFile", new { repositoryName = repository.Name, filePath = "random.bin" })).Ok();

        // Assert
        Assert.Equal(content, Convert.FromBase64String((string)answer["fileContent"]!));
        Assert.Equal(content.Length, (long)answer["fileSize"]!);
    }

    private static string? Header(RawHttpResult response, string name) =>
        response.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.ToString();
}

public sealed class ApiResponseFramingOnSqlite(SqliteServer server) : ApiResponseFramingTests<SqliteServer>(server);
