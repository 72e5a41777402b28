using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.Iam;

/// <summary>
/// The root manages a user's access keys and deletes users: a new key's secret is shown once and
/// downloads as AWS's CSV; a user that still has a console password cannot be deleted, and the
/// page says so in AWS's words and in plain ones; once its credentials are gone, it can.
/// </summary>
public sealed class AccessKeysAndUserDeletionTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    [Fact]
    public async Task CreateAccessKey_SecretShownOnceAsCsv_AndTheKeyWorks()
    {
        var userName = GitsteadServer.UniqueName("ci");
        await server.CreateUserAsync(userName);
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);
        await page.GotoAsync($"/console/iam/users/{userName}?tab=security_credentials");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create access key" }).ClickAsync();
        var dialog = page.Locator("dialog#secret-dialog");
        var accessKeyId = await dialog.Locator("#secret-0").InnerTextAsync();
        var secret = await dialog.Locator("#secret-1").InnerTextAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => dialog.GetByRole(AriaRole.Link, new() { Name = "Download .csv file" }).ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        await page.CloseSecretDialogAsync();
        var identity = await server.Boto3Async(new Credentials(accessKeyId, secret), "sts", "GetCallerIdentity");

        Assert.Equal($"{userName}_accessKeys.csv", download.SuggestedFilename);
        Assert.Equal($"Access key ID,Secret access key\r\n{accessKeyId},{secret}\r\n", csv);
        Assert.StartsWith("AKIA", accessKeyId, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Contains(accessKeyId, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.EndsWith($":user/{userName}", (string)identity.Ok()["Arn"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteUserWithConsolePassword_ConflictExplained_ThenDeletedOnceRemoved()
    {
        var (userName, _) = await server.NewConsoleUserAsync("leaver");
        await server.CreateAccessKeyAsync(userName);
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);

        // From the user's page.
        await page.GotoAsync($"/console/iam/users/{userName}");
        await page.Locator(".page-head").GetByRole(AriaRole.Link, new() { Name = "Delete" }).ClickAsync();
        await page.Locator("dialog[open]").GetByLabel("To confirm").FillAsync(userName);
        await page.Locator("dialog[open]").GetByRole(AriaRole.Button, new() { Name = "Delete user" }).ClickAsync();
        var refusal = await page.GetByRole(AriaRole.Alert).First.InnerTextAsync();
        var explanation = await page.Locator("[data-explanation]").InnerTextAsync();

        // From the users list, after removing the console password: the access key is next.
        await page.GotoAsync($"/console/iam/users/{userName}?tab=security_credentials");
        await page.GetByRole(AriaRole.Link, new() { Name = "Remove console password" }).ClickAsync();
        await page.Locator("dialog[open]").GetByRole(AriaRole.Button, new() { Name = "Remove console password" }).ClickAsync();
        await page.GotoAsync("/console/iam/users");
        await page.GetByLabel($"Select {userName}").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await page.Locator("dialog[open]").GetByLabel("To confirm").FillAsync(userName);
        await page.Locator("dialog[open]").GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        var listRefusal = await page.Locator("[data-explanation]").InnerTextAsync();

        // Without its key, the delete goes through.
        var key = (await server.Boto3Async(server.Root, "iam", "ListAccessKeys", new { UserName = userName })).Ok()["AccessKeyMetadata"]![0]!;
        (await server.Boto3Async(server.Root, "iam", "DeleteAccessKey", new { UserName = userName, AccessKeyId = (string)key["AccessKeyId"] })).Ok();
        await page.GotoAsync($"/console/iam/users?delete={userName}");
        await page.Locator("dialog[open]").GetByLabel("To confirm").FillAsync(userName);
        await page.Locator("dialog[open]").GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        var flash = await page.GetByRole(AriaRole.Status).First.InnerTextAsync();
        var lookup = await server.Boto3Async(server.Root, "iam", "GetUser", new { UserName = userName });

        Assert.Equal("Cannot delete entity, must delete login profile first.", refusal);
        Assert.Contains("console password", explanation, StringComparison.Ordinal);
        Assert.Contains("Cannot delete entity, must delete access keys first.", listRefusal, StringComparison.Ordinal);
        Assert.Contains("access keys", listRefusal[listRefusal.IndexOf("first.", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Equal($"User {userName} deleted.", flash);
        Assert.Equal("NoSuchEntity", lookup.Failed().Code);
    }
}
