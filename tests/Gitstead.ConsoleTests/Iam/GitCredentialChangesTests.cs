using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.Iam;

/// <summary>
/// What a user does to its HTTPS Git credentials on My security credentials takes effect for the
/// real git at once: a reset password replaces the old one, an inactive credential is refused
/// until it is active again, a deleted one is refused for good.
/// </summary>
public abstract class GitCredentialChangesTests<TServer>(TServer server, Chromium chromium)
    where TServer : GitsteadServer
{
    [Fact]
    public async Task ResetInactiveActiveDelete_EachTakesEffectForGitAtOnce()
    {
        var cloneUrl = await server.NewRepositoryCloneUrlAsync("changes");
        var (userName, password) = await server.NewConsoleUserAsync("dev", IamSteps.PowerUser, IamSteps.SelfManageGitCredentials);
        using var git = new GitLogin(server);
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsUserAsync(server, userName, password);
        await page.GotoAsync("/console/iam/security-credentials");
        var first = await page.GenerateGitCredentialsAsync();
        await page.CloseSecretDialogAsync();
        var generated = await git.LsRemoteAsync(cloneUrl, first.UserName, first.Password);

        // Reset: a new password, shown once; the old one fails at once.
        await page.ConfirmRowActionAsync(page.GitCredentialRow(first.UserName), "Reset password", "Reset password");
        var reset = await page.ReadGitCredentialsDialogAsync();
        await page.CloseSecretDialogAsync();
        var oldAfterReset = await git.LsRemoteAsync(cloneUrl, first.UserName, first.Password);
        var newAfterReset = await git.LsRemoteAsync(cloneUrl, reset.UserName, reset.Password);

        // Make inactive, then active again.
        await page.GitCredentialRow(first.UserName).GetByRole(AriaRole.Button, new() { Name = "Make inactive" }).ClickAsync();
        var inactiveRow = await page.GitCredentialRow(first.UserName).InnerTextAsync();
        var whileInactive = await git.LsRemoteAsync(cloneUrl, reset.UserName, reset.Password);
        await page.GitCredentialRow(first.UserName).GetByRole(AriaRole.Button, new() { Name = "Make active" }).ClickAsync();
        var activeAgain = await git.LsRemoteAsync(cloneUrl, reset.UserName, reset.Password);

        // Delete, after the confirmation.
        await page.ConfirmRowActionAsync(page.GitCredentialRow(first.UserName), "Delete", "Delete");
        var afterDelete = await git.LsRemoteAsync(cloneUrl, reset.UserName, reset.Password);
        var flash = await page.GetByRole(AriaRole.Status).First.InnerTextAsync();

        Assert.True(generated.Succeeded, generated.ToString());
        Assert.Equal(first.UserName, reset.UserName);
        Assert.NotEqual(first.Password, reset.Password);
        Assert.Contains("Authentication failed", oldAfterReset.Stderr, StringComparison.Ordinal);
        Assert.True(newAfterReset.Succeeded, newAfterReset.ToString());
        Assert.Contains("Inactive", inactiveRow, StringComparison.Ordinal);
        Assert.Contains("Authentication failed", whileInactive.Stderr, StringComparison.Ordinal);
        Assert.True(activeAgain.Succeeded, activeAgain.ToString());
        Assert.Contains("Authentication failed", afterDelete.Stderr, StringComparison.Ordinal);
        Assert.Contains("deleted", flash, StringComparison.Ordinal);
        Assert.Empty(await server.ListGitCredentialsAsync(userName));
    }

    [Fact]
    public async Task TwoCredentials_LimitExplainedInsteadOfGenerate()
    {
        var (userName, password) = await server.NewConsoleUserAsync("dev", IamSteps.SelfManageGitCredentials);
        await server.CreateGitCredentialAsync(userName);
        await server.CreateGitCredentialAsync(userName);
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsUserAsync(server, userName, password);

        await page.GotoAsync("/console/iam/security-credentials");

        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Generate credentials" }).CountAsync());
        Assert.Contains("two HTTPS Git credentials", await page.Locator("[data-limit=git]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await page.Locator("#git-credentials tbody tr[data-credential]").CountAsync());
    }
}

public sealed class GitCredentialChangesOnSqlite(SqliteServer server, Chromium chromium)
    : GitCredentialChangesTests<SqliteServer>(server, chromium), IClassFixture<SqliteServer>, IClassFixture<Chromium>;

public sealed class GitCredentialChangesOnPostgres(PostgresServer server, Chromium chromium)
    : GitCredentialChangesTests<PostgresServer>(server, chromium), IClassFixture<PostgresServer>, IClassFixture<Chromium>;
