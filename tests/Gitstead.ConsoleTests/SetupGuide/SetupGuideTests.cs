using System.Text.RegularExpressions;
using Gitstead.ConsoleTests.Iam;
using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.SetupGuide;

/// <summary>
/// AWS's "Setup for HTTPS users using Git credentials" from its first step to its last, by a
/// person in a real Chromium and the real git, nothing made through the API: the root creates
/// an IAM user with a console password, AWSCodeCommitPowerUser and
/// IAMSelfManageServiceSpecificCredentials and signs out; the user signs in, is made to change
/// its password, generates its HTTPS Git credentials and downloads the CSV, finds CodeCommit's
/// Welcome page, creates a repository, copies its URL from the Clone URL menu, clones and pushes
/// with the login from the CSV, and finds the push in the commit list, its diff and the code
/// browser.
/// </summary>
public abstract class SetupGuideTests<TServer>(TServer server, Chromium chromium)
    where TServer : GitsteadServer
{
    [Fact]
    public async Task WholeGuide_RootCreatesUser_UserGetsGitCredentialsCreatesClonesPushesAndSeesThePush()
    {
        var userName = GitsteadServer.UniqueName("guide");
        var firstPassword = GitsteadServer.NewPassword();
        var repositoryName = GitsteadServer.UniqueName("first-repo");
        const string region = "eu-central-1";

        // 1. The root creates the user on IAM's Create user page, then signs out.
        var root = await chromium.NewPageAsync(server);
        await root.SignInAsRootAsync(server);
        await root.GotoAsync("/console/iam/users");
        await root.GetByRole(AriaRole.Link, new() { Name = "Create user" }).ClickAsync();
        await root.GetByLabel("User name").FillAsync(userName);
        await root.GetByLabel("Provide user access to the console").CheckAsync();
        await root.GetByLabel("Custom password", new() { Exact = true }).CheckAsync();
        await root.GetByLabel("Enter a custom password").FillAsync(firstPassword);
        await root.GetByPlaceholder("Filter policies by name or type").FillAsync("CodeCommit");
        await root.GetByLabel("AWSCodeCommitPowerUser", new() { Exact = true }).CheckAsync();
        await root.GetByPlaceholder("Filter policies by name or type").FillAsync("");
        await root.GetByLabel("IAMSelfManageServiceSpecificCredentials", new() { Exact = true }).CheckAsync();
        await root.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        var created = await root.Locator("main").InnerTextAsync();
        await root.SignOutAsync();

        // 2. The user signs in and changes its password before anything else.
        var user = await chromium.NewPageAsync(server);
        await Chromium.ScreenshotAsync(await SignInPageAsync(user), "sign-in");
        await user.SignInAsUserAsync(server, userName, firstPassword);
        await user.WaitForUrlEndingAsync("/console/change-password");
        var newPassword = GitsteadServer.NewPassword();
        await user.GetByLabel("Old password").FillAsync(firstPassword);
        await user.GetByLabel("New password", new() { Exact = true }).FillAsync(newPassword);
        await user.GetByLabel("Retype new password").FillAsync(newPassword);
        await user.GetByRole(AriaRole.Button, new() { Name = "Confirm password change" }).ClickAsync();
        await user.WaitForUrlEndingAsync("/console");

        // 3. Security credentials → Generate credentials → Download credentials.
        await user.Locator("details.menu > summary").ClickAsync();
        await user.Locator(".menu-panel").GetByRole(AriaRole.Link, new() { Name = "Security credentials" }).ClickAsync();
        var shown = await user.GenerateGitCredentialsAsync();
        await Chromium.ScreenshotAsync(user, "setup-guide-git-credentials-dialog", fullPage: false);
        var download = await user.RunAndWaitForDownloadAsync(() =>
            user.Locator("dialog#secret-dialog").GetByRole(AriaRole.Link, new() { Name = "Download credentials" }).ClickAsync());
        var csv = (await File.ReadAllTextAsync(await download.PathAsync())).Split("\r\n");
        await user.CloseSecretDialogAsync();
        var fromCsv = csv[1].Split(',');

        // 4. CodeCommit in a region of its own: the Welcome page, then Create repository.
        await user.GotoAsync("/console");
        await user.GetByRole(AriaRole.Link, new() { Name = "CodeCommit", Exact = true }).First.ClickAsync();
        await user.WaitForUrlContainingAsync("/console/codecommit/");
        await user.WaitForLoadStateAsync(LoadState.Load);
        var toRegion = user.WaitForURLAsync(url => url.Contains($"region={region}", StringComparison.Ordinal));
        await user.SelectOptionAsync("#region-select", region);
        await toRegion;
        var welcome = await user.Locator("h1").InnerTextAsync();
        await user.Locator(".hero").GetByRole(AriaRole.Link, new() { Name = "Create repository" }).ClickAsync();
        await user.GetByLabel("Repository name").FillAsync(repositoryName);
        await user.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        await user.WaitForUrlContainingAsync($"/repositories/{repositoryName}/browse");

        // 5. Clone URL → Clone HTTPS copies the URL.
        await user.Locator("details.clone-menu > summary").ClickAsync();
        await user.GetByRole(AriaRole.Button, new() { Name = "Clone HTTPS", Exact = true }).ClickAsync();
        await user.Locator(".clone-item .copy-done").First.WaitForAsync();
        var copied = await user.EvaluateAsync<string>("() => navigator.clipboard.readText()");

        // 6. git clone with the copied URL and the CSV's login; a commit; git push.
        using var git = new GitClient(server);
        var login = git.LoginWith(fromCsv[0], fromCsv[1], copied);
        var clone = git.NewPath("guide");
        var cloned = await git.RunAsync(git.Root, [.. login, "clone", "-q", copied, clone]);
        Directory.CreateDirectory(Path.Combine(clone, "src"));
        await File.WriteAllTextAsync(Path.Combine(clone, "src", "hello.txt"), "Hello from the setup guide\n");
        await git.OkAsync(clone, "add", "-A");
        await git.OkAsync(clone, "commit", "-q", "-m", "First commit through the guide");
        var commitId = await git.OkAsync(clone, "rev-parse", "HEAD");
        var pushed = await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main"]);

        // 7. The push in the console: commit list, the commit's diff, the file in the code browser.
        await user.GotoCodeCommitAsync($"repositories/{repositoryName}/commits", region);
        var commitRow = await user.Locator("#commits tbody tr").First.InnerTextAsync();
        await user.Locator("#commits tbody tr").First.GetByRole(AriaRole.Link, new() { Name = commitId[..8] }).ClickAsync();
        await user.WaitForUrlContainingAsync($"/commit/{commitId}");
        var addedLines = await user.Locator(".diff-file").Filter(new() { HasText = "src/hello.txt" }).Locator("tr.add").AllInnerTextsAsync();
        await user.GotoCodeCommitAsync($"repositories/{repositoryName}/browse", region);
        var entries = await user.Locator("#entries tbody td").AllInnerTextsAsync();
        await user.Locator("#entries").GetByRole(AriaRole.Link, new() { Name = "src" }).ClickAsync();
        await user.Locator("#entries").GetByRole(AriaRole.Link, new() { Name = "hello.txt" }).ClickAsync();
        await user.WaitForUrlContainingAsync("/browse/main/src/hello.txt");
        var fileLine = await user.Locator("#L1 td").Last.InnerTextAsync();

        Assert.Contains(userName, created, StringComparison.Ordinal);
        Assert.Equal(["User Name,Password", $"{shown.UserName},{shown.Password}", ""], csv);
        Assert.Equal($"{userName}-at-{server.AccountId}", fromCsv[0]);
        Assert.Equal("AWS CodeCommit", welcome);
        Assert.Matches(new Regex($"^https://git-codecommit\\.{region}\\.localhost:\\d+/v1/repos/{repositoryName}$"), copied);
        Assert.True(cloned.Succeeded, cloned.ToString());
        Assert.True(pushed.Succeeded, pushed.ToString());
        Assert.Contains("First commit through the guide", commitRow, StringComparison.Ordinal);
        Assert.Contains("Hello from the setup guide", string.Join('\n', addedLines), StringComparison.Ordinal);
        Assert.Equal(["src"], entries.Select(e => e.Trim()));
        Assert.Equal("Hello from the setup guide", fileLine);
    }

    private static async Task<IPage> SignInPageAsync(IPage page)
    {
        await page.GotoAsync("/console/sign-in");
        return page;
    }
}

public sealed class SetupGuideOnSqlite(SqliteServer server, Chromium chromium)
    : SetupGuideTests<SqliteServer>(server, chromium), IClassFixture<SqliteServer>, IClassFixture<Chromium>;

public sealed class SetupGuideOnPostgres(PostgresServer server, Chromium chromium)
    : SetupGuideTests<PostgresServer>(server, chromium), IClassFixture<PostgresServer>, IClassFixture<Chromium>;
