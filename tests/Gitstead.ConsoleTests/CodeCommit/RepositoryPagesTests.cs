using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.CodeCommit;

/// <summary>
/// The CodeCommit pages around a repository: Welcome and the region selector, branches,
/// settings (rename, delete with a typed confirmation), a phone-sized screen, and a user whose
/// policy allows only GetRepository.
/// </summary>
public sealed class RepositoryPagesTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    [Fact]
    public async Task Repositories_RegionWithNone_WelcomePageWithCreateRepository()
    {
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);

        await page.GotoCodeCommitAsync("repositories", region: "ap-northeast-1");

        Assert.Equal("AWS CodeCommit", await page.Locator("h1").InnerTextAsync());
        var create = page.Locator(".hero").GetByRole(AriaRole.Link, new() { Name = "Create repository" });
        Assert.EndsWith("/console/codecommit/repositories/create?region=ap-northeast-1", await create.GetAttributeAsync("href"));
        await Chromium.ScreenshotAsync(page, "codecommit-welcome");
    }

    [Fact]
    public async Task RegionSelector_TwoRegions_EachShowsOnlyItsOwnRepositories()
    {
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);
        var inIreland = GitsteadServer.UniqueName("ireland");
        var inOregon = GitsteadServer.UniqueName("oregon");
        (await server.Boto3Async(server.Root, "codecommit", "CreateRepository", new { repositoryName = inIreland, repositoryDescription = "Lives in eu-west-1" }, region: "eu-west-1")).Ok();
        (await server.Boto3Async(server.Root, "codecommit", "CreateRepository", new { repositoryName = inOregon }, region: "us-west-2")).Ok();

        await page.GotoCodeCommitAsync("repositories", region: "eu-west-1");
        var irelandNames = await page.Locator("#repositories tbody td:first-child").AllInnerTextsAsync();
        await Chromium.ScreenshotAsync(page, "codecommit-repositories");
        await page.SelectOptionAsync("#region-select", "us-west-2");
        await page.WaitForUrlContainingAsync("region=us-west-2");
        var oregonNames = await page.Locator("#repositories tbody td:first-child").AllInnerTextsAsync();

        Assert.Equal([inIreland], irelandNames);
        Assert.Equal([inOregon], oregonNames);
        Assert.Contains("git-codecommit.us-west-2.", await page.Locator("#repositories .clone-url").InnerTextAsync());
    }

    [Fact]
    public async Task Repositories_SearchAndSort_ServerSideFilterAndOrder()
    {
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);
        var stem = GitsteadServer.UniqueName("sorted");
        foreach (var suffix in new[] { "b", "a", "c" })
        {
            (await server.Boto3Async(server.Root, "codecommit", "CreateRepository", new { repositoryName = $"{stem}-{suffix}" }, region: "eu-west-2")).Ok();
        }

        await page.GotoCodeCommitAsync($"repositories?q={stem.ToUpperInvariant()}", region: "eu-west-2");
        var ascending = await page.Locator("#repositories tbody td:first-child").AllInnerTextsAsync();
        await page.Locator("#repositories thead").GetByRole(AriaRole.Link, new() { Name = "Name" }).ClickAsync();
        var descending = await page.Locator("#repositories tbody td:first-child").AllInnerTextsAsync();
        await page.Locator("#repositories thead").GetByRole(AriaRole.Link, new() { Name = "Last modified" }).ClickAsync();
        var newestFirst = await page.Locator("#repositories tbody td:first-child").AllInnerTextsAsync();

        Assert.Equal([$"{stem}-a", $"{stem}-b", $"{stem}-c"], ascending);
        Assert.Equal([$"{stem}-c", $"{stem}-b", $"{stem}-a"], descending);
        Assert.Equal([$"{stem}-c", $"{stem}-a", $"{stem}-b"], newestFirst);
    }

    [Fact]
    public async Task Branches_CreateSetDefaultAndDelete_EachAsTheApiSeesIt()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "branches", 2);
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);

        await page.GotoCodeCommitAsync($"repositories/{repository.Name}/branches");
        Assert.Equal(0, await page.Locator("#branches tr").Filter(new() { HasText = "main" }).GetByRole(AriaRole.Link, new() { Name = "Delete branch main" }).CountAsync());
        await page.GetByLabel("Branch name").FillAsync("feature/login");
        await page.GetByLabel("Branch from").FillAsync("main");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create branch" }).ClickAsync();
        await page.Locator(".alert.success").WaitForAsync();
        var created = await page.Locator("#branches tbody td:first-child").AllInnerTextsAsync();
        await Chromium.ScreenshotAsync(page, "codecommit-branches");
        await page.GetByRole(AriaRole.Button, new() { Name = "Make feature/login the default branch" }).ClickAsync();
        await page.Locator(".alert.success").WaitForAsync();
        var defaultAfter = (string)(await server.GetRepositoryAsync(repository.Name))["defaultBranch"];
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete branch main" }).ClickAsync();
        await page.Locator(".panel.confirm").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.Locator(".alert.success").WaitForAsync();
        var remaining = await page.Locator("#branches tbody td:first-child").AllInnerTextsAsync();
        var listed = (await server.Boto3Async(server.Root, "codecommit", "ListBranches", new { repositoryName = repository.Name })).Ok()["branches"]!.AsArray();

        Assert.Equal(["feature/login", "main Default branch"], created.Select(n => n.Trim()));
        Assert.Equal("feature/login", defaultAfter);
        Assert.Equal(["feature/login Default branch"], remaining.Select(n => n.Trim()));
        Assert.Equal(["feature/login"], listed.Select(b => (string)b));
    }

    [Fact]
    public async Task Settings_RenameThenDeleteWithTypedName_RefusedUntilTheNameMatches()
    {
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);
        var name = GitsteadServer.UniqueName("settings");
        var renamed = name + "-renamed";
        (await server.Boto3Async(server.Root, "codecommit", "CreateRepository", new { repositoryName = name, tags = new { team = "web" } })).Ok();

        await page.GotoCodeCommitAsync($"repositories/{name}/settings");
        Assert.Equal(["team", "web"], await page.Locator("#tags tbody td").AllInnerTextsAsync());
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Repository name" }).FillAsync(renamed);
        await page.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await page.WaitForUrlContainingAsync($"/repositories/{renamed}/settings");
        var deleteButton = page.GetByRole(AriaRole.Button, new() { Name = "Delete repository" });
        await page.Locator("#delete-confirm").FillAsync(name);
        var disabledForOldName = await deleteButton.IsDisabledAsync();
        // The server checks the typed name too: a form sent with the button forced on is refused.
        await deleteButton.EvaluateAsync("button => button.disabled = false");
        await deleteButton.ClickAsync();
        var refusal = await page.ErrorTextAsync();
        var stillThere = await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = renamed });
        await page.Locator("#delete-confirm").FillAsync(renamed);
        await deleteButton.ClickAsync();
        await page.WaitForUrlContainingAsync("/console/codecommit/repositories?");
        var gone = await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = renamed });

        Assert.True(disabledForOldName);
        Assert.Equal($"To delete the repository, type its name, {renamed}, exactly.", refusal);
        Assert.True(stillThere.Succeeded);
        Assert.Contains($"Repository {renamed} was deleted.", await page.Locator(".alert.success").InnerTextAsync());
        Assert.Equal("RepositoryDoesNotExistException", gone.Failed().Code);
    }

    [Fact]
    public async Task CodeBrowser_UserAllowedOnlyGetRepository_SeesAwsSentenceForGetTree()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "denied", 1);
        var userName = GitsteadServer.UniqueName("viewer");
        var arn = $"arn:aws:codecommit:us-east-1:{server.AccountId}:{repository.Name}";
        var password = await server.CreateConsoleUserAsync(userName,
            $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"codecommit:GetRepository","Resource":"{{arn}}"}]}""");
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsUserAsync(server, userName, password);

        await page.GotoCodeCommitAsync($"repositories/{repository.Name}/browse");

        Assert.Equal(repository.Name, await page.Locator("h1").InnerTextAsync());
        Assert.Equal(
            $"User: arn:aws:iam::{server.AccountId}:user/{userName} is not authorized to perform: codecommit:GetTree on resource: {arn} because no identity-based policy allows the codecommit:GetTree action",
            await page.ErrorTextAsync());
        Assert.Equal(0, await page.Locator("#entries").CountAsync());
    }

    [Fact]
    public async Task Phone_390PixelsWide_PagesFitWithoutSideways()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "phone", 2);
        var page = await chromium.NewPageAsync(server, width: 390, height: 844);
        await page.SignInAsRootAsync(server);
        var widths = new Dictionary<string, string>();
        const string Overflow = """
            () => document.documentElement.scrollWidth <= 390 ? "" : document.documentElement.scrollWidth + " px: " +
                [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > 391)
                    .slice(0, 5).map(e => e.tagName + "." + e.className).join(", ")
            """;

        var pages = new Dictionary<string, string>
        {
            ["repositories"] = "repositories",
            ["code-browser"] = $"repositories/{repository.Name}/browse",
            ["file-view"] = $"repositories/{repository.Name}/browse/main/file-1.txt",
            ["commits"] = $"repositories/{repository.Name}/commits",
        };
        foreach (var (shot, path) in pages)
        {
            await page.GotoCodeCommitAsync(path);
            widths[path] = await page.EvaluateAsync<string>(Overflow);
            await Chromium.ScreenshotAsync(page, $"codecommit-390-{shot}");
        }

        Assert.All(widths, w => Assert.True(w.Value == "", $"{w.Key} is wider than the screen: {w.Value}"));
    }
}
