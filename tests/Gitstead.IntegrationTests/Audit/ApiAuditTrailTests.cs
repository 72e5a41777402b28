using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Audit;

/// <summary>
/// API calls, allowed and denied, are CloudTrail events that <c>aws cloudtrail lookup-events</c>
/// finds by attribute and time and pages through; only callers with cloudtrail:LookupEvents may look.
/// </summary>
public abstract class ApiAuditTrailTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task CreateRepository_IsFoundByEventNameAndByUsername_WithTheCallersIdentity()
    {
        var (user, key) = await server.NewApiUserAsync("creator", GitSteps.PowerUser);
        var name = GitsteadServer.UniqueName("audited");
        (await server.RunAwsAsync(key, "codecommit", "create-repository", "--repository-name", name)).Ok();

        var byName = await server.LookupUntilAsync("EventName", "CreateRepository", e => e.Any(x => (string)x!["Username"] == user));
        var byUser = await server.LookupUntilAsync("Username", user, e => e.Any(x => (string)x!["EventName"] == "CreateRepository"));

        var looked = byName.Single(x => (string)x!["Username"] == user)!;
        Assert.Equal(key.AccessKeyId, (string)looked["AccessKeyId"]);
        Assert.Equal("false", (string)looked["ReadOnly"]);
        Assert.Equal("codecommit.amazonaws.com", (string)looked["EventSource"]);
        Assert.Contains(looked["Resources"]!.AsArray(), r => (string)r!["ResourceName"] == name && (string)r["ResourceType"] == "AWS::CodeCommit::Repository");
        var record = AuditSteps.Record(looked);
        Assert.Equal("1.11", (string)record["eventVersion"]);
        Assert.Equal("IAMUser", (string)record["userIdentity"]!["type"]);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/{user}", (string)record["userIdentity"]!["arn"]);
        Assert.Equal(server.AccountId, (string)record["userIdentity"]!["accountId"]);
        Assert.Equal(key.AccessKeyId, (string)record["userIdentity"]!["accessKeyId"]);
        Assert.Equal(name, (string)record["requestParameters"]!["repositoryName"]);
        Assert.Equal("AwsApiCall", (string)record["eventType"]);
        Assert.Equal(GitsteadServer.Region, (string)record["awsRegion"]);
        Assert.Equal("127.0.0.1", (string)record["sourceIPAddress"]);
        Assert.StartsWith("aws-cli/", (string)record["userAgent"], StringComparison.Ordinal);
        Assert.Null(record["errorCode"]);
        Assert.Contains(byUser, x => (string)x!["EventId"] == (string)looked["EventId"]);
    }

    [Fact]
    public async Task DeniedCall_IsRecordedWithAccessDenied()
    {
        var (user, key) = await server.NewApiUserAsync("nobody");
        var denied = await server.RunAwsAsync(key, "iam", "list-users");
        Assert.Equal("AccessDenied", denied.ErrorCode);

        var events = await server.LookupUntilAsync("Username", user, e => e.Any(x => (string)x!["EventName"] == "ListUsers"));

        var record = AuditSteps.Record(events.Single(x => (string)x!["EventName"] == "ListUsers")!);
        Assert.Equal("AccessDenied", (string)record["errorCode"]);
        Assert.Contains("is not authorized to perform: iam:ListUsers", (string)record["errorMessage"], StringComparison.Ordinal);
        Assert.Equal("iam.amazonaws.com", (string)record["eventSource"]);
        Assert.True((bool)record["readOnly"]!);
    }

    [Fact]
    public async Task UserWithoutLookupEventsPermission_IsDenied()
    {
        var (user, key) = await server.NewApiUserAsync("no-trail", GitSteps.PowerUser);

        var lookup = await server.RunAwsAsync(key, "cloudtrail", "lookup-events", "--max-results", "5");

        Assert.Equal("AccessDeniedException", lookup.ErrorCode);
        Assert.Contains($"user/{user} is not authorized to perform: cloudtrail:LookupEvents", lookup.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserWithLookupEventsPermission_SeesItsAccountsEvents()
    {
        var (_, key) = await server.NewApiUserAsync("auditor", AuditSteps.AdministratorAccess);
        (await server.RunAwsAsync(key, "iam", "get-user")).Ok();
        await server.LookupUntilAsync("AccessKeyId", key.AccessKeyId, e => e.Any(x => (string)x!["EventName"] == "GetUser"));

        var lookup = (await server.RunAwsAsync(key, "cloudtrail", "lookup-events", "--lookup-attributes", $"AttributeKey=AccessKeyId,AttributeValue={key.AccessKeyId}")).Ok();

        Assert.NotEmpty(lookup["Events"]!.AsArray());
        Assert.All(lookup["Events"]!.AsArray(), e => Assert.Equal(key.AccessKeyId, (string)e!["AccessKeyId"]));
    }

    [Fact]
    public async Task Pages_WithMaxResultsAndNextToken_AndTheTimeRangeFilters()
    {
        var (user, key) = await server.NewApiUserAsync("pager", GitSteps.PowerUser);
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        for (var i = 0; i < 5; i++)
        {
            (await server.RunAwsAsync(key, "codecommit", "list-repositories")).Ok();
        }

        await server.LookupUntilAsync("Username", user, e => e.Count(x => (string)x!["EventName"] == "ListRepositories") == 5);
        var attribute = new JsonArray(new JsonObject { ["AttributeKey"] = "Username", ["AttributeValue"] = user });
        var first = (await server.Boto3Async(server.Root, "cloudtrail", "LookupEvents", new JsonObject { ["LookupAttributes"] = attribute.DeepClone(), ["MaxResults"] = 2 })).Ok();
        var second = (await server.Boto3Async(server.Root, "cloudtrail", "LookupEvents",
            new JsonObject { ["LookupAttributes"] = attribute.DeepClone(), ["MaxResults"] = 2, ["NextToken"] = (string)first["NextToken"] })).Ok();
        var third = (await server.Boto3Async(server.Root, "cloudtrail", "LookupEvents",
            new JsonObject { ["LookupAttributes"] = attribute.DeepClone(), ["MaxResults"] = 2, ["NextToken"] = (string)second["NextToken"] })).Ok();
        var otherParameters = await server.Boto3Async(server.Root, "cloudtrail", "LookupEvents",
            new JsonObject { ["MaxResults"] = 2, ["NextToken"] = (string)first["NextToken"] });
        var afterwards = (await server.Boto3Async(server.Root, "cloudtrail", "LookupEvents", new JsonObject
        {
            ["LookupAttributes"] = attribute.DeepClone(),
            ["StartTime"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
        })).Ok();
        var during = (await server.Boto3Async(server.Root, "cloudtrail", "LookupEvents", new JsonObject
        {
            ["LookupAttributes"] = attribute.DeepClone(),
            ["StartTime"] = before.ToUnixTimeSeconds(),
            ["EndTime"] = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds(),
        })).Ok();

        string[] ids = [.. new[] { first, second, third }.SelectMany(p => p["Events"]!.AsArray()).Select(e => (string)e!["EventId"])];
        Assert.Equal([2, 2, 1], new[] { first, second, third }.Select(p => p["Events"]!.AsArray().Count));
        Assert.Null(third["NextToken"]);
        Assert.Equal(5, ids.Distinct().Count());
        var times = new[] { first, second, third }.SelectMany(p => p["Events"]!.AsArray()).Select(e => DateTimeOffset.Parse((string)e!["EventTime"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.Equal("InvalidNextTokenException", otherParameters.Failed().Code);
        Assert.Empty(afterwards["Events"]!.AsArray());
        Assert.Equal(5, during["Events"]!.AsArray().Count);
    }

    [Fact]
    public async Task TwoLookupAttributes_AreRefused()
    {
        var result = await server.Boto3Async(server.Root, "cloudtrail", "LookupEvents", new JsonObject
        {
            ["LookupAttributes"] = new JsonArray(
                new JsonObject { ["AttributeKey"] = "Username", ["AttributeValue"] = "a" },
                new JsonObject { ["AttributeKey"] = "EventName", ["AttributeValue"] = "b" }),
        });

        Assert.Equal("InvalidLookupAttributesException", result.Failed().Code);
    }

    [Fact]
    public async Task GetAccessKeyLastUsed_SaysNotApplicableBeforeUse_AndNamesTheServiceAfter()
    {
        var (user, key) = await server.NewApiUserAsync("last-used", GitSteps.PowerUser);

        var before = (await server.Boto3Async(server.Root, "iam", "GetAccessKeyLastUsed", new { AccessKeyId = key.AccessKeyId })).Ok();
        (await server.RunAwsAsync(key, "codecommit", "list-repositories")).Ok();
        var after = (await server.Boto3Async(server.Root, "iam", "GetAccessKeyLastUsed", new { AccessKeyId = key.AccessKeyId })).Ok();

        Assert.Equal(user, (string)before["UserName"]);
        Assert.Null(before["AccessKeyLastUsed"]!["LastUsedDate"]);
        Assert.Equal("N/A", (string)before["AccessKeyLastUsed"]!["ServiceName"]);
        Assert.Equal("N/A", (string)before["AccessKeyLastUsed"]!["Region"]);
        Assert.NotNull(after["AccessKeyLastUsed"]!["LastUsedDate"]);
        Assert.Equal("codecommit", (string)after["AccessKeyLastUsed"]!["ServiceName"]);
        Assert.Equal(GitsteadServer.Region, (string)after["AccessKeyLastUsed"]!["Region"]);
    }
}

public sealed class ApiAuditTrailOnSqlite(SqliteServer server) : ApiAuditTrailTests<SqliteServer>(server);

public sealed class ApiAuditTrailOnPostgres(PostgresServer server) : ApiAuditTrailTests<PostgresServer>(server);
