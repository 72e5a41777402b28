using System.Text.Json.Nodes;
using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;

namespace Gitstead.ConsoleTests.Iam;

/// <summary>What the HTTPS Git credentials dialog showed: the Git user name and the password, each once.</summary>
public sealed record ShownGitCredentials(string UserName, string Password)
{
    public override string ToString() => $"ShownGitCredentials {{ UserName = {UserName} }}";
}

/// <summary>Steps the IAM console scenarios share: setting up through the API, and what a person does on the pages.</summary>
public static class IamSteps
{
    public const string PowerUser = "arn:aws:iam::aws:policy/AWSCodeCommitPowerUser";
    public const string SelfManageGitCredentials = "arn:aws:iam::aws:policy/IAMSelfManageServiceSpecificCredentials";

    /// <summary>An IAM user made as the root through the API, with a console password (no reset) and these managed policies.</summary>
    public static async Task<(string UserName, string Password)> NewConsoleUserAsync(this GitsteadServer server, string prefix, params string[] policyArns)
    {
        var name = GitsteadServer.UniqueName(prefix);
        var password = GitsteadServer.NewPassword();
        await server.CreateUserAsync(name);
        await server.CreateLoginProfileAsync(name, password);
        foreach (var arn in policyArns)
        {
            (await server.Boto3Async(server.Root, "iam", "AttachUserPolicy", new { UserName = name, PolicyArn = arn })).Ok();
        }

        return (name, password);
    }

    /// <summary>An empty repository made through the API; returns its HTTPS clone URL.</summary>
    public static async Task<string> NewRepositoryCloneUrlAsync(this GitsteadServer server, string prefix)
    {
        var created = (await server.Boto3Async(server.Root, "codecommit", "CreateRepository", new { repositoryName = GitsteadServer.UniqueName(prefix) })).Ok();
        return (string)created["repositoryMetadata"]!["cloneUrlHttp"];
    }

    /// <summary>The user's HTTPS Git credentials as the API lists them.</summary>
    public static async Task<JsonArray> ListGitCredentialsAsync(this GitsteadServer server, string userName) =>
        (await server.Boto3Async(server.Root, "iam", "ListServiceSpecificCredentials", new { UserName = userName })).Ok()["ServiceSpecificCredentials"]!.AsArray();

    /// <summary>Chooses Generate credentials in the HTTPS Git credentials section and reads the dialog that opens.</summary>
    public static async Task<ShownGitCredentials> GenerateGitCredentialsAsync(this IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate credentials" }).ClickAsync();
        return await ReadGitCredentialsDialogAsync(page);
    }

    /// <summary>The user name and password the secret dialog shows.</summary>
    public static async Task<ShownGitCredentials> ReadGitCredentialsDialogAsync(this IPage page)
    {
        var dialog = page.Locator("dialog#secret-dialog");
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        return new ShownGitCredentials(await dialog.Locator("#secret-0").InnerTextAsync(), await dialog.Locator("#secret-1").InnerTextAsync());
    }

    /// <summary>Closes the secret dialog with its Close button, which leaves for the page by GET.</summary>
    public static async Task CloseSecretDialogAsync(this IPage page)
    {
        await page.RunAndWaitForResponseAsync(
            () => page.Locator("dialog#secret-dialog footer").GetByRole(AriaRole.Link, new() { Name = "Close" }).ClickAsync(),
            response => response.Request.IsNavigationRequest && response.Request.Method == "GET");
        await page.Locator("dialog#secret-dialog").WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    /// <summary>The row of a Git credential (by its Git user name) in the HTTPS Git credentials table.</summary>
    public static ILocator GitCredentialRow(this IPage page, string gitUserName) =>
        page.Locator("#git-credentials tbody tr").Filter(new() { HasText = gitUserName });

    /// <summary>Opens a row's confirmation dialog and confirms it.</summary>
    public static async Task ConfirmRowActionAsync(this IPage page, ILocator row, string opener, string confirm)
    {
        await row.GetByRole(AriaRole.Link, new() { Name = opener }).ClickAsync();
        var dialog = page.Locator("dialog[open]");
        await dialog.GetByRole(AriaRole.Button, new() { Name = confirm, Exact = true }).ClickAsync();
    }

    /// <summary>Signs out through the account menu.</summary>
    public static async Task SignOutAsync(this IPage page)
    {
        await page.GotoAsync("/console/sign-out");
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForUrlContainingAsync("/console/sign-in");
    }
}
