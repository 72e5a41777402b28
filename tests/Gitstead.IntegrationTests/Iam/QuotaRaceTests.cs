using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Iam;

/// <summary>
/// IAM's counted quotas raced by concurrent creators: each is checked and filled under one
/// lock, so the quota holds exactly and every refused call is told LimitExceeded.
/// </summary>
public abstract class QuotaRaceTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    private const string Document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"codecommit:GetRepository","Resource":"*"}]}""";

    [Fact]
    public async Task ConcurrentAddUserToGroup_StopsAtTenGroupsPerUser()
    {
        var user = GitsteadServer.UniqueName("joiner");
        await server.CreateUserAsync(user);
        var groups = Enumerable.Range(0, 16).Select(i => GitsteadServer.UniqueName($"club{i}")).ToList();
        AllOk(await server.Boto3ParallelAsync(server.Root, "iam", "CreateGroup", groups.Select(g => (object)new { GroupName = g })));

        var results = await server.Boto3ParallelAsync(server.Root, "iam", "AddUserToGroup", groups.Select(g => (object)new { GroupName = g, UserName = user }));
        var listed = (await server.Boto3Async(server.Root, "iam", "ListGroupsForUser", new { UserName = user })).Ok()["Groups"]!.AsArray();

        Assert.Equal(10, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal("LimitExceeded", r.Failed().Code));
        Assert.Equal(10, listed.Count);
        Assert.Equal(
            groups.Where((_, i) => results[i].Succeeded).Order(StringComparer.Ordinal),
            listed.Select(g => (string)g!["GroupName"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ConcurrentAttachUserPolicy_StopsAtTenPoliciesPerUser()
    {
        var user = GitsteadServer.UniqueName("holder");
        await server.CreateUserAsync(user);
        var created = await server.Boto3ParallelAsync(server.Root, "iam", "CreatePolicy",
            Enumerable.Range(0, 16).Select(i => (object)new { PolicyName = GitsteadServer.UniqueName($"p{i}"), PolicyDocument = Document }));
        var arns = AllOk(created).Select(r => (string)r["Policy"]!["Arn"]!).ToList();

        var results = await server.Boto3ParallelAsync(server.Root, "iam", "AttachUserPolicy", arns.Select(a => (object)new { UserName = user, PolicyArn = a }));
        var listed = (await server.Boto3Async(server.Root, "iam", "ListAttachedUserPolicies", new { UserName = user })).Ok()["AttachedPolicies"]!.AsArray();

        Assert.Equal(10, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal("LimitExceeded", r.Failed().Code));
        Assert.Equal(10, listed.Count);
    }

    [Fact]
    public async Task ConcurrentCreatePolicyVersion_StopsAtFiveVersionsWithDistinctIds()
    {
        var name = GitsteadServer.UniqueName("versioned");
        var arn = (string)(await server.Boto3Async(server.Root, "iam", "CreatePolicy", new { PolicyName = name, PolicyDocument = Document })).Ok()["Policy"]!["Arn"]!;

        var results = await server.Boto3ParallelAsync(server.Root, "iam", "CreatePolicyVersion",
            Enumerable.Range(0, 10).Select(_ => (object)new { PolicyArn = arn, PolicyDocument = Document }));
        var versions = (await server.Boto3Async(server.Root, "iam", "ListPolicyVersions", new { PolicyArn = arn })).Ok()["Versions"]!.AsArray();
        var created = results.Where(r => r.Succeeded).Select(r => (string)r.Ok()["PolicyVersion"]!["VersionId"]!).ToList();

        Assert.Equal(4, created.Count);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal("LimitExceeded", r.Failed().Code));
        Assert.Equal(4, created.Distinct().Count());
        Assert.Equal(
            new[] { "v1", "v2", "v3", "v4", "v5" },
            versions.Select(v => (string)v!["VersionId"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ConcurrentCreateGroup_StopsAtThreeHundredGroupsPerAccount()
    {
        var existing = (await server.Boto3Async(server.Root, "iam", "ListGroups", new { MaxItems = 1000 })).Ok()["Groups"]!.AsArray().Count;
        var filler = 290 - existing;
        for (var i = 0; i < filler; i++)
        {
            (await server.Boto3Async(server.Root, "iam", "CreateGroup", new { GroupName = GitsteadServer.UniqueName($"fill{i}") })).Ok();
        }

        var results = await server.Boto3ParallelAsync(server.Root, "iam", "CreateGroup",
            Enumerable.Range(0, 20).Select(i => (object)new { GroupName = GitsteadServer.UniqueName($"late{i}") }));
        var groups = (await server.Boto3Async(server.Root, "iam", "ListGroups", new { MaxItems = 1000 })).Ok()["Groups"]!.AsArray();
        var names = groups.Select(g => (string)g!["GroupName"]!).Where(n => n.StartsWith("fill", StringComparison.Ordinal) || n.StartsWith("late", StringComparison.Ordinal)).ToList();
        foreach (var name in names)
        {
            (await server.Boto3Async(server.Root, "iam", "DeleteGroup", new { GroupName = name })).Ok();
        }

        Assert.Equal(10, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal("LimitExceeded", r.Failed().Code));
        Assert.Equal(300, groups.Count);
    }

    private static List<JsonNode> AllOk(IReadOnlyList<BotoResult> results) => [.. results.Select(r => r.Ok())];
}

public sealed class QuotaRaceOnSqlite(SqliteServer server) : QuotaRaceTests<SqliteServer>(server);

public sealed class QuotaRaceOnPostgres(PostgresServer server) : QuotaRaceTests<PostgresServer>(server);
