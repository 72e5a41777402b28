using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.ConsoleTests.Iam;

/// <summary>
/// My security credentials shows when each HTTPS Git credential and access key was last used:
/// Never, then the time of a real git request, and of an aws CLI call with the service it called.
/// </summary>
public abstract class GitCredentialLastUsedTests<TServer>(TServer server, Chromium chromium)
    where TServer : GitsteadServer
{
    [Fact]
    public async Task GitCredentialAndAccessKey_ShowNeverUntilUsed()
    {
        var cloneUrl = await server.NewRepositoryCloneUrlAsync("last-used");
        // IAMReadOnlyAccess: GetAccessKeyLastUsed, which the CodeCommit power user policy does not give.
        var (userName, password) = await server.NewConsoleUserAsync("dev", IamSteps.PowerUser, IamSteps.SelfManageGitCredentials, "arn:aws:iam::aws:policy/IAMReadOnlyAccess");
        var key = await server.CreateAccessKeyAsync(userName);
        using var git = new GitLogin(server);
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsUserAsync(server, userName, password);
        await page.GotoAsync("/console/iam/security-credentials");
        var credential = await page.GenerateGitCredentialsAsync();
        await page.CloseSecretDialogAsync();
        var gitCell = page.GitCredentialRow(credential.UserName).Locator("[data-label='Last used']");
        var keyCell = page.Locator("table[aria-labelledby='keys-title'] tbody tr").Filter(new() { HasText = key.AccessKeyId }).Locator("[data-label='Last used']");
        var gitBefore = await gitCell.InnerTextAsync();
        var keyBefore = await keyCell.InnerTextAsync();

        var used = await git.LsRemoteAsync(cloneUrl, credential.UserName, credential.Password);
        var called = await server.RunAwsAsync(key, "codecommit", "list-repositories");
        var (gitAfter, keyAfter) = (gitBefore, keyBefore);
        for (var attempt = 0; attempt < 50 && (gitAfter == "Never" || keyAfter == "Never"); attempt++)
        {
            await page.ReloadAsync();
            (gitAfter, keyAfter) = (await gitCell.InnerTextAsync(), await keyCell.InnerTextAsync());
        }

        await Chromium.ScreenshotAsync(page, $"credentials-last-used-{server.DatabaseKind}");
        Assert.True(used.Succeeded, used.ToString());
        called.Ok();
        Assert.Equal("Never", gitBefore);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$", gitAfter);
        Assert.Equal("Never", keyBefore.Trim());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\s+codecommit · us-east-1$", keyAfter.Trim());
    }
}

public sealed class GitCredentialLastUsedOnSqlite(SqliteServer server, Chromium chromium)
    : GitCredentialLastUsedTests<SqliteServer>(server, chromium), IClassFixture<SqliteServer>, IClassFixture<Chromium>;

public sealed class GitCredentialLastUsedOnPostgres(PostgresServer server, Chromium chromium)
    : GitCredentialLastUsedTests<PostgresServer>(server, chromium), IClassFixture<PostgresServer>, IClassFixture<Chromium>;
