using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.Iam;

/// <summary>
/// AWS's "Setup for HTTPS users using Git credentials", in the console: the root creates an IAM
/// user with a console password that must be changed, AWSCodeCommitPowerUser and
/// IAMSelfManageServiceSpecificCredentials; the user signs in, changes its password first,
/// generates its HTTPS Git credentials on My security credentials (shown once, downloadable as
/// CSV), and git accepts them.
/// </summary>
public abstract class GitCredentialsSetupTests<TServer>(TServer server, Chromium chromium)
    where TServer : GitsteadServer
{
    [Fact]
    public async Task RootCreatesUser_UserChangesPasswordThenGeneratesGitCredentials_ShownOnceAndGitAcceptsThem()
    {
        var userName = GitsteadServer.UniqueName("dev");
        var firstPassword = GitsteadServer.NewPassword();
        var cloneUrl = await server.NewRepositoryCloneUrlAsync("setup");

        // The root creates the user.
        var root = await chromium.NewPageAsync(server);
        await root.SignInAsRootAsync(server);
        await root.GotoAsync("/console/iam/users");
        await root.GetByRole(AriaRole.Link, new() { Name = "Create user" }).ClickAsync();
        await root.GetByLabel("User name").FillAsync(userName);
        await root.GetByLabel("Provide user access to the console").CheckAsync();
        await root.GetByLabel("Custom password", new() { Exact = true }).CheckAsync();
        await root.GetByLabel("Enter a custom password").FillAsync(firstPassword);
        var requireReset = root.GetByLabel("Users must create a new password at next sign-in");
        await root.GetByPlaceholder("Filter policies by name or type").FillAsync("CodeCommit");
        await root.GetByLabel("AWSCodeCommitPowerUser", new() { Exact = true }).CheckAsync();
        await root.GetByPlaceholder("Filter policies by name or type").FillAsync("");
        await root.GetByLabel("IAMSelfManageServiceSpecificCredentials", new() { Exact = true }).CheckAsync();
        Assert.True(await requireReset.IsCheckedAsync());
        await root.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        var created = await root.Locator("main").InnerTextAsync();
        await root.SignOutAsync();

        // The user signs in and must change its password before anything else.
        var user = await chromium.NewPageAsync(server);
        await user.SignInAsUserAsync(server, userName, firstPassword);
        await user.WaitForUrlEndingAsync("/console/change-password");
        await user.GotoAsync("/console/iam/security-credentials");
        var blockedAt = user.Url;
        var newPassword = GitsteadServer.NewPassword();
        await user.GetByLabel("Old password").FillAsync(firstPassword);
        await user.GetByLabel("New password", new() { Exact = true }).FillAsync(newPassword);
        await user.GetByLabel("Retype new password").FillAsync(newPassword);
        await user.GetByRole(AriaRole.Button, new() { Name = "Confirm password change" }).ClickAsync();
        await user.WaitForUrlEndingAsync("/console");

        // It generates its HTTPS Git credentials on My security credentials.
        await user.Locator("details.menu > summary").ClickAsync();
        await user.Locator(".menu-panel").GetByRole(AriaRole.Link, new() { Name = "Security credentials" }).ClickAsync();
        var shown = await user.GenerateGitCredentialsAsync();
        var dialogHtml = await user.ContentAsync();
        var dialogText = await user.Locator("dialog#secret-dialog").InnerTextAsync();
        var download = await user.RunAndWaitForDownloadAsync(() =>
            user.Locator("dialog#secret-dialog").GetByRole(AriaRole.Link, new() { Name = "Download credentials" }).ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        await user.CloseSecretDialogAsync();
        var afterClose = await user.ContentAsync();
        await user.ReloadAsync();
        var afterReload = await user.ContentAsync();
        var row = await user.GitCredentialRow(shown.UserName).InnerTextAsync();
        using var git = new GitLogin(server);
        var lsRemote = await git.LsRemoteAsync(cloneUrl, shown.UserName, shown.Password);

        // The user exists as asked, with the change-password policy that the reset requires.
        Assert.Contains(userName, created, StringComparison.Ordinal);
        var attached = (await server.RunAwsAsync(server.Root, "iam", "list-attached-user-policies", "--user-name", userName)).Ok()["AttachedPolicies"]!
            .AsArray().Select(p => (string)p!["PolicyName"]).Order(StringComparer.Ordinal);
        Assert.Equal(["AWSCodeCommitPowerUser", "IAMSelfManageServiceSpecificCredentials", "IAMUserChangePassword"], attached);
        Assert.EndsWith("/console/change-password", blockedAt, StringComparison.Ordinal);

        // The dialog showed the password once, the CSV is AWS's, and no later page shows it.
        Assert.Equal($"{userName}-at-{server.AccountId}", shown.UserName);
        Assert.Equal(44, shown.Password.Length);
        Assert.Contains("only time", dialogText, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(dialogHtml, shown.Password));
        Assert.Equal($"{userName}_codecommit_credentials.csv", download.SuggestedFilename);
        Assert.Equal("User Name,Password", csv.Split("\r\n")[0]);
        Assert.Equal($"User Name,Password\r\n{userName}-at-{server.AccountId},{shown.Password}\r\n", csv);
        Assert.EndsWith("/console/iam/security-credentials", user.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(shown.Password, afterClose, StringComparison.Ordinal);
        Assert.DoesNotContain(shown.Password, afterReload, StringComparison.Ordinal);
        Assert.Contains("Active", row, StringComparison.Ordinal);
        Assert.True(lsRemote.Succeeded, lsRemote.ToString());
    }

    private static int Occurrences(string text, string value) => text.Split(value).Length - 1;
}

public sealed class GitCredentialsSetupOnSqlite(SqliteServer server, Chromium chromium)
    : GitCredentialsSetupTests<SqliteServer>(server, chromium), IClassFixture<SqliteServer>, IClassFixture<Chromium>;

public sealed class GitCredentialsSetupOnPostgres(PostgresServer server, Chromium chromium)
    : GitCredentialsSetupTests<PostgresServer>(server, chromium), IClassFixture<PostgresServer>, IClassFixture<Chromium>;
