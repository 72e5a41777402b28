using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Iam;

/// <summary>Root keys, the two-key quota under concurrency, status changes, last use and missing keys.</summary>
public abstract class AccessKeyManagementTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task RootWithoutUserName_CreatesAndListsItsOwnKeys_UpToTwo()
    {
        var created = (await server.RunAwsAsync(server.Root, "iam", "create-access-key")).Ok()["AccessKey"]!;
        var third = (await server.Boto3Async(server.Root, "iam", "CreateAccessKey")).Failed();
        var listed = (await server.Boto3Async(server.Root, "iam", "ListAccessKeys")).Ok()["AccessKeyMetadata"]!.AsArray();
        var newKey = new Credentials((string)created["AccessKeyId"], (string)created["SecretAccessKey"]);
        var identity = (await server.Boto3Async(newKey, "sts", "GetCallerIdentity")).Ok();
        (await server.Boto3Async(server.Root, "iam", "DeleteAccessKey", new { newKey.AccessKeyId })).Ok();

        Assert.Null(created["UserName"]);
        Assert.Equal("LimitExceededException", third.Type);
        Assert.Equal("Cannot exceed quota for AccessKeysPerUser: 2", third.Message);
        Assert.Equal(
            new[] { server.Root.AccessKeyId, newKey.AccessKeyId }.Order(StringComparer.Ordinal),
            listed.Select(k => (string)k!["AccessKeyId"]));
        Assert.Equal($"arn:aws:iam::{server.AccountId}:root", (string)identity["Arn"]);
    }

    [Fact]
    public async Task ConcurrentCreates_NeverGiveAUserMoreThanTwoKeys()
    {
        var name = GitsteadServer.UniqueName("race");
        await server.CreateUserAsync(name);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => server.RunAwsAsync(server.Root, "iam", "create-access-key", "--user-name", name)));
        var listed = (await server.Boto3Async(server.Root, "iam", "ListAccessKeys", new { UserName = name })).Ok()["AccessKeyMetadata"]!.AsArray();

        Assert.Equal(2, results.Count(r => r.ExitCode == 0));
        Assert.All(results.Where(r => r.ExitCode != 0), r => Assert.Equal("LimitExceeded", r.ErrorCode));
        Assert.Equal(2, listed.Count);
    }

    [Fact]
    public async Task GetAccessKeyLastUsed_NeverUsed_ReportsNotApplicable()
    {
        var name = GitsteadServer.UniqueName("idle");
        await server.CreateUserAsync(name);
        var key = await server.CreateAccessKeyAsync(name);

        var result = (await server.Boto3Async(server.Root, "iam", "GetAccessKeyLastUsed", new { key.AccessKeyId })).Ok();

        Assert.Equal(name, (string)result["UserName"]);
        Assert.Equal("N/A", (string)result["AccessKeyLastUsed"]!["ServiceName"]);
        Assert.Equal("N/A", (string)result["AccessKeyLastUsed"]!["Region"]);
        Assert.Null(result["AccessKeyLastUsed"]!["LastUsedDate"]);
    }

    [Fact]
    public async Task GetAccessKeyLastUsed_AfterACall_ReportsServiceRegionAndDate()
    {
        var name = GitsteadServer.UniqueName("busy");
        await server.CreateUserAsync(name);
        var key = await server.CreateAccessKeyAsync(name);
        (await server.Boto3Async(key, "sts", "GetCallerIdentity")).Ok();

        var used = (await server.Boto3Async(server.Root, "iam", "GetAccessKeyLastUsed", new { key.AccessKeyId })).Ok()["AccessKeyLastUsed"]!;

        Assert.Equal("sts", (string)used["ServiceName"]);
        Assert.Equal(GitsteadServer.Region, (string)used["Region"]);
        Assert.NotNull(used["LastUsedDate"]);
    }

    [Fact]
    public async Task GetAccessKeyLastUsed_UnknownKey_RaisesNoSuchEntityException()
    {
        var error = (await server.Boto3Async(server.Root, "iam", "GetAccessKeyLastUsed", new { AccessKeyId = "AKIAAAAAAAAAAAAAAAAA" })).Failed();

        Assert.Equal("NoSuchEntityException", error.Type);
    }

    [Fact]
    public async Task UpdateAccessKey_StatusExpired_RaisesInvalidInputException()
    {
        var name = GitsteadServer.UniqueName("expired");
        await server.CreateUserAsync(name);
        var key = await server.CreateAccessKeyAsync(name);

        var error = (await server.Boto3Async(server.Root, "iam", "UpdateAccessKey", new { UserName = name, key.AccessKeyId, Status = "Expired" })).Failed();

        Assert.Equal("InvalidInputException", error.Type);
    }

    [Fact]
    public async Task UpdateAccessKey_StatusOutsideTheEnum_IsValidationError()
    {
        var name = GitsteadServer.UniqueName("enum");
        await server.CreateUserAsync(name);
        var key = await server.CreateAccessKeyAsync(name);

        var result = await server.RunAwsAsync(server.Root, "iam", "update-access-key", "--user-name", name, "--access-key-id", key.AccessKeyId, "--status", "Paused");

        Assert.True(result.ErrorCode == "ValidationError", result.ToString());
    }

    [Fact]
    public async Task UpdateAccessKey_Inactive_ShowsInListAccessKeys()
    {
        var name = GitsteadServer.UniqueName("inactive");
        await server.CreateUserAsync(name);
        var key = await server.CreateAccessKeyAsync(name);

        (await server.RunAwsAsync(server.Root, "iam", "update-access-key", "--user-name", name, "--access-key-id", key.AccessKeyId, "--status", "Inactive")).Ok();
        var listed = (await server.Boto3Async(server.Root, "iam", "ListAccessKeys", new { UserName = name })).Ok()["AccessKeyMetadata"]!.AsArray();

        Assert.Equal("Inactive", (string)Assert.Single(listed)!["Status"]);
    }

    [Fact]
    public async Task DeleteAccessKey_OfAnotherUser_RaisesNoSuchEntityException()
    {
        var owner = GitsteadServer.UniqueName("owner");
        var other = GitsteadServer.UniqueName("other");
        await server.CreateUserAsync(owner);
        await server.CreateUserAsync(other);
        var key = await server.CreateAccessKeyAsync(owner);

        var error = (await server.Boto3Async(server.Root, "iam", "DeleteAccessKey", new { UserName = other, key.AccessKeyId })).Failed();

        Assert.Equal("NoSuchEntityException", error.Type);
        Assert.Equal($"The Access Key with id {key.AccessKeyId} cannot be found.", error.Message);
    }
}

public sealed class AccessKeyManagementOnSqlite(SqliteServer server) : AccessKeyManagementTests<SqliteServer>(server);

public sealed class AccessKeyManagementOnPostgres(PostgresServer server) : AccessKeyManagementTests<PostgresServer>(server);
