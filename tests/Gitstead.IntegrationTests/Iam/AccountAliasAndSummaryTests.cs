using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Iam;

/// <summary>The account alias (one per account) and the account summary's counts and quotas.</summary>
public abstract class AccountAliasAndSummaryTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task AccountAlias_CreateReplaceAndDelete_ListsAtMostOne()
    {
        var first = Alias();
        var second = Alias();

        (await server.RunAwsAsync(server.Root, "iam", "create-account-alias", "--account-alias", first)).Ok();
        var afterFirst = await ListAsync();
        (await server.Boto3Async(server.Root, "iam", "CreateAccountAlias", new { AccountAlias = second })).Ok();
        var afterSecond = await ListAsync();
        var wrong = (await server.Boto3Async(server.Root, "iam", "DeleteAccountAlias", new { AccountAlias = first })).Failed();
        (await server.Boto3Async(server.Root, "iam", "DeleteAccountAlias", new { AccountAlias = second })).Ok();
        var afterDelete = await ListAsync();

        Assert.Equal([first], afterFirst);
        Assert.Equal([second], afterSecond);
        Assert.Equal("NoSuchEntityException", wrong.Type);
        Assert.Equal($"The account alias {first} cannot be found.", wrong.Message);
        Assert.Empty(afterDelete);
    }

    [Fact]
    public async Task ListAccountAliases_WithoutAlias_ReturnsAnEmptyListThatIsNotTruncated()
    {
        var result = (await server.Boto3Async(server.Root, "iam", "ListAccountAliases")).Ok();

        Assert.Empty(result["AccountAliases"]!.AsArray());
        Assert.False((bool)result["IsTruncated"]!);
    }

    [Theory]
    [InlineData("Upper-Case")]
    [InlineData("double--dash")]
    [InlineData("-leading")]
    [InlineData("123456789012")]
    public async Task CreateAccountAlias_InvalidAlias_IsValidationError(string alias)
    {
        var error = (await server.Boto3Async(server.Root, "iam", "CreateAccountAlias", new { AccountAlias = alias })).Failed();

        Assert.Equal("ValidationError", error.Code);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task GetAccountSummary_CountsUsersAndReportsQuotas()
    {
        var before = await SummaryAsync();
        await server.CreateUserAsync(GitsteadServer.UniqueName("counted"));

        var after = await SummaryAsync();

        Assert.Equal(before["Users"] + 1, after["Users"]);
        Assert.Equal(5000, after["UsersQuota"]);
        Assert.Equal(300, after["GroupsQuota"]);
        Assert.Equal(2, after["AccessKeysPerUserQuota"]);
        Assert.Equal(1, after["AccountAccessKeysPresent"]);
        Assert.Equal(0, after["AccountMFAEnabled"]);
    }

    private static string Alias() => GitsteadServer.UniqueName("corp").ToLowerInvariant();

    private async Task<string[]> ListAsync() =>
        (await server.Boto3Async(server.Root, "iam", "ListAccountAliases")).Ok()["AccountAliases"]!.AsArray().Select(a => (string)a!).ToArray();

    private async Task<Dictionary<string, int>> SummaryAsync()
    {
        var map = (await server.RunAwsAsync(server.Root, "iam", "get-account-summary")).Ok()["SummaryMap"]!.AsObject();
        return map.ToDictionary(e => e.Key, e => (int)e.Value!);
    }
}

public sealed class AccountAliasAndSummaryOnSqlite(SqliteServer server) : AccountAliasAndSummaryTests<SqliteServer>(server);

public sealed class AccountAliasAndSummaryOnPostgres(PostgresServer server) : AccountAliasAndSummaryTests<PostgresServer>(server);
