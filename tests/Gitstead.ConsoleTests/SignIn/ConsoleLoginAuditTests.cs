using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Audit;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.SignIn;

/// <summary>
/// Console sign-ins in a real Chromium are CloudTrail <c>ConsoleLogin</c> events, found with
/// <c>aws cloudtrail lookup-events</c>: Success for the right password, Failure for a wrong one.
/// </summary>
public abstract class ConsoleLoginAuditTests<TServer>(TServer server, Chromium chromium)
    where TServer : GitsteadServer
{
    [Fact]
    public async Task SignIns_AreRecordedAsConsoleLoginSuccessAndFailure()
    {
        var user = GitsteadServer.UniqueName("signer");
        var password = await server.CreateConsoleUserAsync(user);
        var page = await chromium.NewPageAsync(server);

        await page.SignInAsUserAsync(server, user, password + "wrong");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("incorrect");
        await page.SignInAsUserAsync(server, user, password);
        await page.WaitForUrlEndingAsync("/console");
        var events = await server.LookupUntilAsync("Username", user,
            e => AuditSteps.Records(e).Count(r => (string)r["eventName"] == "ConsoleLogin") == 2);

        var records = AuditSteps.Records(events).Where(r => (string)r["eventName"] == "ConsoleLogin").ToList();
        var success = Assert.Single(records, r => (string)r["responseElements"]!["ConsoleLogin"] == "Success");
        var failure = Assert.Single(records, r => (string)r["responseElements"]!["ConsoleLogin"] == "Failure");
        Assert.Equal("AwsConsoleSignIn", (string)success["eventType"]);
        Assert.Equal("signin.amazonaws.com", (string)success["eventSource"]);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/{user}", (string)success["userIdentity"]!["arn"]);
        Assert.Contains("Chrome", (string)success["userAgent"], StringComparison.Ordinal);
        Assert.Equal("Failed authentication", (string)failure["errorMessage"]);
        Assert.Equal(server.AccountId, (string)failure["userIdentity"]!["accountId"]);
        Assert.Equal("127.0.0.1", (string)failure["sourceIPAddress"]);
        Assert.DoesNotContain(password, events.ToJsonString(), StringComparison.Ordinal);
    }
}

public sealed class ConsoleLoginAuditOnSqlite(SqliteServer server, Chromium chromium)
    : ConsoleLoginAuditTests<SqliteServer>(server, chromium), IClassFixture<SqliteServer>, IClassFixture<Chromium>;

public sealed class ConsoleLoginAuditOnPostgres(PostgresServer server, Chromium chromium)
    : ConsoleLoginAuditTests<PostgresServer>(server, chromium), IClassFixture<PostgresServer>, IClassFixture<Chromium>;
