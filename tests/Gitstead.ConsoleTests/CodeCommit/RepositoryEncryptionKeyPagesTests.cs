using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.CodeCommit;

/// <summary>
/// A repository's KMS key in the console: the create form's choice between the AWS managed key
/// and a customer managed key, the key shown and changed on the settings page, and a disabled
/// key's refusal shown where the code would be.
/// </summary>
public sealed class RepositoryEncryptionKeyPagesTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    [Fact]
    public async Task CreateWithCustomerKey_SettingsShowsAndChangesIt_DisabledKeyShownOnBrowse()
    {
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);
        var first = await NewKeyAsync();
        var alias = "alias/" + GitsteadServer.UniqueName("console");
        (await server.Boto3Async(server.Root, "kms", "CreateAlias", new { AliasName = alias, TargetKeyId = first.KeyId })).Ok();
        var second = await NewKeyAsync();
        var name = GitsteadServer.UniqueName("keyed");

        // The customer key's field shows only once that choice is made.
        await page.GotoCodeCommitAsync("repositories/create");
        await page.GetByLabel("Repository name").FillAsync(name);
        Assert.False(await page.GetByLabel("Customer managed key", new() { Exact = true }).Last.IsVisibleAsync());
        await page.Locator("#customer-key-choice").CheckAsync();
        await page.Locator("#kms-key-id").FillAsync(alias);
        await Chromium.ScreenshotAsync(page, "codecommit-create-repository-kms-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.WaitForUrlContainingAsync($"/repositories/{name}/browse");
        Assert.Equal(first.KeyId, (string)(await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = name })).Ok()["repositoryMetadata"]!["kmsKeyId"]);

        // Settings: the key id, then a move to the second key.
        await page.GotoCodeCommitAsync($"repositories/{name}/settings");
        Assert.Equal(first.KeyId, await page.Locator("#kms-key").InnerTextAsync());
        await page.Locator("#kms-key-id").FillAsync(second.Arn);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change key" }).ClickAsync();
        await page.WaitForUrlContainingAsync($"/repositories/{name}/settings");
        Assert.Contains($"is now encrypted under KMS key {second.KeyId}", await page.Locator(".alert").First.InnerTextAsync());
        Assert.Equal(second.KeyId, await page.Locator("#kms-key").InnerTextAsync());
        Assert.Equal(second.KeyId, (string)(await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = name })).Ok()["repositoryMetadata"]!["kmsKeyId"]);

        // A commit pushed by a user whose IAM policy allows the key, then the key disabled: the
        // code browser says why it cannot show the repository.
        using var git = new GitClient(server);
        var (user, credentials) = await server.NewGitUserAsync("keyed", GitSteps.PowerUser);
        (await server.Boto3Async(server.Root, "iam", "PutUserPolicy", new { UserName = user, PolicyName = "use-keys", PolicyDocument = KeyUser })).Ok();
        var url = (string)(await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = name })).Ok()["repositoryMetadata"]!["cloneUrlHttp"];
        var login = git.LoginWith(credentials, url);
        var clone = git.NewPath("keyed");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", url, clone])).Ok();
        await git.CommitAsync(clone, "README.md", "# Keyed\n", "first");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
        await page.GotoCodeCommitAsync($"repositories/{name}/browse");
        Assert.Equal("Keyed", await page.Locator(".markdown h1").InnerTextAsync());
        (await server.Boto3Async(server.Root, "kms", "DisableKey", new { KeyId = second.KeyId })).Ok();
        await page.GotoCodeCommitAsync($"repositories/{name}/browse");
        var error = await page.ErrorTextAsync();
        Assert.Contains("The encryption key is disabled", error);
        Assert.Contains(second.Arn, error);
        await Chromium.ScreenshotAsync(page, "codecommit-disabled-key");
    }

    [Fact]
    public async Task CreateWithUnknownCustomerKey_FormKeepsItsInputAndSaysWhy()
    {
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);
        var name = GitsteadServer.UniqueName("unkeyed");

        await page.GotoCodeCommitAsync("repositories/create");
        await page.GetByLabel("Repository name").FillAsync(name);
        await page.Locator("#customer-key-choice").CheckAsync();
        await page.Locator("#kms-key-id").FillAsync("alias/no-such-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        Assert.Contains("No encryption key was found: alias/no-such-key", await page.ErrorTextAsync());
        Assert.Equal("alias/no-such-key", await page.Locator("#kms-key-id").InputValueAsync());
        Assert.Equal(name, await page.GetByLabel("Repository name").InputValueAsync());
        Assert.Equal("RepositoryDoesNotExistException", (await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = name })).Failed().Code);
    }

    private const string KeyUser = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:GenerateDataKey","kms:DescribeKey"],"Resource":"*"}]}""";

    private async Task<(string KeyId, string Arn)> NewKeyAsync()
    {
        var key = (await server.Boto3Async(server.Root, "kms", "CreateKey", new { Description = "console repository key" })).Ok()["KeyMetadata"]!;
        return ((string)key["KeyId"], (string)key["Arn"]);
    }
}
