using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// ListRepositories answers in pages of 1,000 with a nextToken that boto3 passes back and the
/// aws CLI follows on its own, in every order. A server of its own: it counts every repository.
/// </summary>
public abstract class ApiRepositoryPagingTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task ListRepositories_MoreThanAPage_PagesWithNextToken_InBothOrders()
    {
        var names = Enumerable.Range(0, 1001).Select(i => $"paged-{i:D4}").ToList();
        foreach (var name in names)
        {
            await server.CreateRepositoryAsync(name);
        }

        var first = (await server.Boto3Async(server.Root, "codecommit", "ListRepositories")).Ok();
        var second = (await server.Boto3Async(server.Root, "codecommit", "ListRepositories", new { nextToken = (string)first["nextToken"] })).Ok();
        var wrongOrder = (await server.Boto3Async(server.Root, "codecommit", "ListRepositories",
            new { nextToken = (string)first["nextToken"], order = "descending" })).Failed();
        var all = (await server.RunAwsAsync(server.Root, "codecommit", "list-repositories")).Ok()["repositories"]!.AsArray();
        var newestFirst = (await server.RunAwsAsync(server.Root, "codecommit", "list-repositories",
            "--sort-by", "lastModifiedDate", "--order", "descending")).Ok()["repositories"]!.AsArray();
        var oldestFirst = (await server.RunAwsAsync(server.Root, "codecommit", "list-repositories",
            "--sort-by", "lastModifiedDate", "--order", "ascending")).Ok()["repositories"]!.AsArray();
        var lastNameFirst = (await server.RunAwsAsync(server.Root, "codecommit", "list-repositories",
            "--sort-by", "repositoryName", "--order", "descending")).Ok()["repositories"]!.AsArray();

        Assert.Equal(names[..1000], first["repositories"]!.AsArray().Select(r => (string)r!["repositoryName"]));
        Assert.Equal([names[1000]], second["repositories"]!.AsArray().Select(r => (string)r!["repositoryName"]));
        Assert.Null(second["nextToken"]);
        Assert.Equal("InvalidContinuationTokenException", wrongOrder.Type);
        Assert.Equal(names, all.Select(r => (string)r!["repositoryName"]));
        Assert.Equal(Enumerable.Reverse(names), newestFirst.Select(r => (string)r!["repositoryName"]));
        Assert.Equal(names, oldestFirst.Select(r => (string)r!["repositoryName"]));
        Assert.Equal(Enumerable.Reverse(names), lastNameFirst.Select(r => (string)r!["repositoryName"]));
    }
}

public sealed class ApiRepositoryPagingOnSqlite(SqliteServer server) : ApiRepositoryPagingTests<SqliteServer>(server);

public sealed class ApiRepositoryPagingOnPostgres(PostgresServer server) : ApiRepositoryPagingTests<PostgresServer>(server);
