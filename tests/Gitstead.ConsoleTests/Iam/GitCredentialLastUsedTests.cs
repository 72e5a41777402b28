using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.ConsoleTests.Iam;

/// <summary>My security credentials shows when each HTTPS Git credential was last used: Never, then the time of a real git request.</summary>
public abstract class GitCredentialLastUsedTests<TServer>(TServer server, Chromium chromium)
    where TServer : GitsteadServer
{
    [Fact]
    public async Task GitCredential_ShowsNeverUntilGitUsesIt()
    {
        var cloneUrl = await server.NewRepositoryCloneUrlAsync("last-used");
        var (userName, password) = await server.NewConsoleUserAsync("dev", IamSteps.PowerUser, IamSteps.SelfManageGitCredentials);
        using var git = new GitLogin(server);
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsUserAsync(server, userName, password);
        await page.GotoAsync("/console/iam/security-credentials");
        var credential = await page.GenerateGitCredentialsAsync();
        await page.CloseSecretDialogAsync();
        var before = await page.GitCredentialRow(credential.UserName).Locator("[data-label='Last used']").InnerTextAsync();

        var used = await git.LsRemoteAsync(cloneUrl, credential.UserName, credential.Password);
        var after = before;
        for (var attempt = 0; attempt < 50 && after == "Never"; attempt++)
        {
            await page.ReloadAsync();
            after = await page.GitCredentialRow(credential.UserName).Locator("[data-label='Last used']").InnerTextAsync();
        }

        Assert.True(used.Succeeded, used.ToString());
        Assert.Equal("Never", before);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$", after);
    }
}

public sealed class GitCredentialLastUsedOnSqlite(SqliteServer server, Chromium chromium)
    : GitCredentialLastUsedTests<SqliteServer>(server, chromium), IClassFixture<SqliteServer>, IClassFixture<Chromium>;

public sealed class GitCredentialLastUsedOnPostgres(PostgresServer server, Chromium chromium)
    : GitCredentialLastUsedTests<PostgresServer>(server, chromium), IClassFixture<PostgresServer>, IClassFixture<Chromium>;
