using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.CodeCommit;

/// <summary>
/// Writing to a branch from the code browser, checked with a fresh clone by the real git: edit
/// a file, add one typed and one uploaded, delete one; an edit whose branch was pushed to after
/// the page was loaded is refused with the outdated parent and keeps the typed text.
/// </summary>
public sealed class FileEditingTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    private static readonly byte[] Upload = [.. Enumerable.Range(0, 2000).Select(i => (byte)(i * 13 % 256))];

    [Fact]
    public async Task EditAddUploadAndDelete_AFreshCloneHasEachCommit()
    {
        using var git = new GitClient(server);
        var (repository, login, _) = await git.RepositoryWithHistoryAsync(server, "edit", 2);
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);

        // Edit file-1.txt: the form holds its text and a prefilled author.
        await page.GotoCodeCommitAsync($"repositories/{repository.Name}/browse/main/file-1.txt");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
        await page.WaitForUrlContainingAsync("/edit/main/file-1.txt");
        var loaded = await page.GetByLabel("File content").InputValueAsync();
        var prefilledAuthor = await page.GetByLabel("Author name").InputValueAsync();
        await page.GetByLabel("File content").FillAsync("content 1\nedited in the console\n");
        await page.GetByLabel("Author name").FillAsync("Mary Major");
        await page.GetByLabel("Email address").FillAsync("mary_major@example.com");
        await page.GetByLabel("Commit message").FillAsync("Edit file 1 in the console");
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Chromium.ScreenshotAsync(page, "file-edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit changes" }).ClickAsync();
        await page.WaitForUrlContainingAsync("/browse/main/file-1.txt");
        var edited = await page.Locator(".alert.success").InnerTextAsync();
        var shown = await page.Locator("table.code").InnerTextAsync();

        // Add a typed file in a new folder, then upload one (its name from the upload).
        await page.GotoCodeCommitAsync($"repositories/{repository.Name}/browse/main");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add file" }).ClickAsync();
        await page.WaitForUrlContainingAsync("/new-file/main");
        await page.GetByLabel("File name").FillAsync("docs/notes.md");
        await page.GetByLabel("File content").FillAsync("# Notes\n\nWritten in a browser.\n");
        await page.GetByLabel("Commit message").FillAsync("Add notes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit changes" }).ClickAsync();
        await page.WaitForUrlContainingAsync("/browse/main/docs/notes.md");
        await page.GotoCodeCommitAsync($"repositories/{repository.Name}/new-file/main/assets");
        await page.SetInputFilesAsync("#file-upload", new FilePayload { Name = "logo.bin", MimeType = "application/octet-stream", Buffer = Upload });
        await page.GetByLabel("Commit message").FillAsync("Upload the logo");
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Chromium.ScreenshotAsync(page, "codecommit-add-file");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit changes" }).ClickAsync();
        await page.WaitForUrlContainingAsync("/browse/main/assets/logo.bin");
        var binaryNote = await page.Locator(".file-note").InnerTextAsync();
        var editOffered = await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).CountAsync();

        // Delete file-2.txt after the confirmation.
        await page.GotoCodeCommitAsync($"repositories/{repository.Name}/browse/main/file-2.txt");
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete file" }).ClickAsync();
        await page.WaitForUrlContainingAsync("/delete-file/main/file-2.txt");
        await page.GetByLabel("Commit message").FillAsync("Remove file 2");
        await Chromium.ScreenshotAsync(page, "codecommit-delete-file");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete file" }).ClickAsync();
        await page.WaitForUrlLeavingAsync("/delete-file/");
        var deleted = await page.Locator(".alert.success").InnerTextAsync();
        var entries = await page.Locator("#entries tbody td").AllInnerTextsAsync();

        var clone = git.NewPath("check");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, clone])).Ok();
        var log = await git.OkAsync(clone, "log", "--format=%s|%an|%ae", "-4");

        Assert.Equal("content 1\n", loaded);
        Assert.Equal("root", prefilledAuthor);
        Assert.StartsWith("Committed file-1.txt to main: commit ", edited);
        Assert.Contains("edited in the console", shown);
        Assert.Contains("cannot be edited in the console", binaryNote);
        Assert.Equal(0, editOffered);
        Assert.StartsWith("Deleted file-2.txt from main", deleted);
        Assert.DoesNotContain("file-2.txt", entries.Select(e => e.Trim()));
        Assert.Equal("content 1\nedited in the console\n", await File.ReadAllTextAsync(Path.Combine(clone, "file-1.txt")));
        Assert.Equal("# Notes\n\nWritten in a browser.\n", await File.ReadAllTextAsync(Path.Combine(clone, "docs", "notes.md")));
        Assert.Equal(Upload, await File.ReadAllBytesAsync(Path.Combine(clone, "assets", "logo.bin")));
        Assert.False(File.Exists(Path.Combine(clone, "file-2.txt")));
        Assert.Equal(
            ["Remove file 2|root|", "Upload the logo|root|", "Add notes|root|", "Edit file 1 in the console|Mary Major|mary_major@example.com"],
            log.Split('\n'));
    }

    [Fact]
    public async Task StaleEdit_BranchPushedAfterThePageLoaded_OutdatedParentShownAndTextKept()
    {
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "stale", 1);
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);
        const string Typed = "content 1\nmy edit, typed before the push\n";

        await page.GotoCodeCommitAsync($"repositories/{repository.Name}/edit/main/file-1.txt");
        await page.GetByLabel("File content").FillAsync(Typed);
        var pushed = await git.CommitAsync(clone, "file-1.txt", "content 1\npushed meanwhile\n", "Pushed meanwhile");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit changes" }).ClickAsync();
        var error = await page.ErrorTextAsync();
        var kept = await page.GetByLabel("File content").InputValueAsync();
        var remote = await git.OkAsync(clone, [.. login, "ls-remote", "origin", "refs/heads/main"]);

        Assert.Contains("Branch main has changed since you opened this page", error);
        Assert.Contains("ParentCommitIdOutdatedException", error);
        Assert.Equal(Typed, kept.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.StartsWith(pushed, remote);
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "Open the latest version in a new tab" }).CountAsync());
    }
}
