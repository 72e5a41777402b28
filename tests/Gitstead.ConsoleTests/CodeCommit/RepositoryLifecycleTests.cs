using System.Text.RegularExpressions;
using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.CodeCommit;

/// <summary>
/// The CodeCommit setup guide, followed in a real Chromium: create a repository in the console,
/// copy its HTTPS clone URL from the Clone URL menu, clone and push with the real git and HTTPS
/// Git credentials, then find the push in the commit list, the commit's diff, the code browser,
/// the rendered README and the binary file's download.
/// </summary>
public abstract class RepositoryLifecycleTests<TServer>(TServer server, Chromium chromium)
    where TServer : GitsteadServer
{
    private static readonly byte[] Binary = [.. Enumerable.Range(0, 3000).Select(i => (byte)(i * 7 % 256))];

    [Fact]
    public async Task CreateCloneAndPush_ThePushShowsInCommitsDiffBrowserReadmeAndDownload()
    {
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);
        var name = GitsteadServer.UniqueName("guide");

        // Create: a bad name is flagged while typing, a good one is created.
        await page.GotoCodeCommitAsync("repositories/create");
        var nameBox = page.GetByLabel("Repository name");
        await nameBox.FillAsync("not valid.git");
        Assert.True(await page.Locator("#name-hint-live").IsVisibleAsync());
        Assert.Equal("true", await nameBox.GetAttributeAsync("aria-invalid"));
        await nameBox.FillAsync(name);
        Assert.False(await page.Locator("#name-hint-live").IsVisibleAsync());
        await page.GetByLabel("Description").FillAsync("Where the setup guide ends");
        await page.GetByLabel("Tag key 1").FillAsync("team");
        await page.GetByLabel("Tag value 1").FillAsync("console");
        await Chromium.ScreenshotAsync(page, "codecommit-create-repository");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        await page.WaitForUrlContainingAsync($"/repositories/{name}/browse");
        Assert.Contains(name, await page.Locator(".alert.success").InnerTextAsync());
        Assert.True(await page.GetByRole(AriaRole.Heading, new() { Name = "Push your first commit" }).IsVisibleAsync());

        // Clone URL menu: Clone HTTPS copies the URL.
        await page.Locator("details.clone-menu > summary").ClickAsync();
        var cloneHttps = page.GetByRole(AriaRole.Button, new() { Name = "Clone HTTPS", Exact = true });
        await cloneHttps.ClickAsync();
        await page.Locator(".clone-item .copy-done").First.WaitForAsync();
        await Chromium.ScreenshotAsync(page, "codecommit-clone-menu");
        var offered = await cloneHttps.GetAttributeAsync("data-copy");
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(offered, copied);
        Assert.Matches(new Regex($"^https://git-codecommit\\.us-east-1\\.localhost:\\d+/v1/repos/{name}$"), copied);

        // Clone with that URL and HTTPS Git credentials; push folders, a README and a binary file.
        using var git = new GitClient(server);
        var (_, credentials) = await server.NewGitUserAsync("dev", GitSteps.PowerUser);
        var login = git.LoginWith(credentials, copied);
        var clone = git.NewPath("guide");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", copied, clone])).Ok();
        Write(clone, "README.md", "# Demo project\n\nSome **bold** text and the [guide](docs/guide.md).\n\n<script>alert(1)</script>\n");
        Write(clone, "docs/guide.md", "Read me second.\n");
        Write(clone, "src/app/main.py", "import util\n\nprint(util.greeting())\n");
        Write(clone, "src/lib/util.py", "def greeting():\n    return \"hello\"\n");
        Directory.CreateDirectory(Path.Combine(clone, "assets"));
        await File.WriteAllBytesAsync(Path.Combine(clone, "assets", "logo.bin"), Binary);
        await git.OkAsync(clone, "add", "-A");
        await git.OkAsync(clone, "commit", "-q", "-m", "Add the demo project\n\nFolders, a README and a binary file.");
        var commitId = await git.OkAsync(clone, "rev-parse", "HEAD");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();

        // Commits: the push is listed, and its page shows the diff.
        await page.GotoCodeCommitAsync($"repositories/{name}/commits");
        var row = page.Locator("#commits tbody tr").First;
        Assert.Contains("Add the demo project", await row.InnerTextAsync());
        Assert.Contains(commitId[..8], await row.InnerTextAsync());
        await row.GetByRole(AriaRole.Link, new() { Name = commitId[..8] }).ClickAsync();
        await page.WaitForUrlContainingAsync($"/commit/{commitId}");
        Assert.Equal("Add the demo project", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Folders, a README and a binary file.", await page.Locator("pre.commit-message").InnerTextAsync());
        var mainDiff = page.Locator(".diff-file").Filter(new() { HasText = "src/app/main.py" });
        var added = string.Join('\n', await mainDiff.Locator("tr.add").AllInnerTextsAsync());
        Assert.Contains("print(util.greeting())", added);
        Assert.Contains("Binary file", await page.Locator(".diff-file").Filter(new() { HasText = "assets/logo.bin" }).InnerTextAsync());
        await Chromium.ScreenshotAsync(page, "codecommit-commit-diff");

        // Code browser: folders first, then files; the README rendered, its HTML shown as text.
        await page.GotoCodeCommitAsync($"repositories/{name}/browse");
        var names = await page.Locator("#entries tbody td").AllInnerTextsAsync();
        Assert.Equal(["assets", "docs", "src", "README.md"], names.Select(n => n.Trim()));
        Assert.Equal("Demo project", await page.Locator(".markdown h1").InnerTextAsync());
        Assert.Equal(0, await page.Locator(".markdown script").CountAsync());
        Assert.Contains("<script>alert(1)</script>", await page.Locator(".markdown").InnerTextAsync());
        Assert.Contains("/browse/main/docs/guide.md", await page.Locator(".markdown a").GetAttributeAsync("href"));
        await Chromium.ScreenshotAsync(page, "codecommit-code-browser");

        // Into folders and a file: line numbers with anchors.
        await page.Locator("#entries").GetByRole(AriaRole.Link, new() { Name = "src" }).ClickAsync();
        await page.Locator("#entries").GetByRole(AriaRole.Link, new() { Name = "app" }).ClickAsync();
        await page.Locator("#entries").GetByRole(AriaRole.Link, new() { Name = "main.py" }).ClickAsync();
        await page.WaitForUrlContainingAsync("/browse/main/src/app/main.py");
        Assert.Equal(["src", "app", "main.py"], (await page.Locator(".path-crumbs > *:not(.sep)").AllInnerTextsAsync()).Skip(1));
        Assert.Equal("print(util.greeting())", await page.Locator("#L3 td").Last.InnerTextAsync());
        await page.Locator("#L3 a").ClickAsync();
        Assert.EndsWith("#L3", page.Url);
        await Chromium.ScreenshotAsync(page, "codecommit-file-view");

        // The binary file: said so, and downloaded byte for byte.
        await page.GotoCodeCommitAsync($"repositories/{name}/browse/main/assets/logo.bin");
        Assert.Contains("binary file", await page.Locator(".file-note").InnerTextAsync());
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download logo.bin" }).ClickAsync());
        Assert.Equal("logo.bin", download.SuggestedFilename);
        Assert.Equal(Binary, await File.ReadAllBytesAsync(await download.PathAsync()));
    }

    private static void Write(string clone, string path, string text)
    {
        var full = Path.Combine(clone, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}

// On the embedded store only: the pages call the same services whose PostgreSQL runs are in the integration tests, and SetupGuide runs the console on both stores.
public sealed class RepositoryLifecycleOnSqlite(SqliteServer server, Chromium chromium)
    : RepositoryLifecycleTests<SqliteServer>(server, chromium), IClassFixture<SqliteServer>, IClassFixture<Chromium>;
