using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;

namespace Gitstead.ConsoleTests.Support;

/// <summary>What a person does in the console, as steps the tests share.</summary>
public static class ConsoleSteps
{
    /// <summary>Signs in as the account root with the first start's email and password.</summary>
    public static async Task SignInAsRootAsync(this IPage page, GitsteadServer server)
    {
        await page.GotoAsync("/console/sign-in?as=root");
        await page.GetByLabel("Root user email address").FillAsync(server.Initial.RootEmail);
        await page.GetByLabel("Password").FillAsync(server.Initial.RootPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
    }

    /// <summary>Signs in as an IAM user of the server's account.</summary>
    public static async Task SignInAsUserAsync(this IPage page, GitsteadServer server, string userName, string password)
    {
        await page.GotoAsync("/console/sign-in?as=iam");
        await page.GetByLabel("Account ID (12 digits) or account alias").FillAsync(server.AccountId);
        await page.GetByLabel("IAM user name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Opens a CodeCommit page of the server's default region.</summary>
    public static Task<IResponse> GotoCodeCommitAsync(this IPage page, string path, string region = GitsteadServer.Region) =>
        page.GotoAsync($"/console/codecommit/{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}region={region}");

    /// <summary>An IAM user with a console password and, when given, one inline policy; returns its password.</summary>
    public static async Task<string> CreateConsoleUserAsync(this GitsteadServer server, string userName, string policyDocument = null)
    {
        var password = GitsteadServer.NewPassword();
        await server.CreateUserAsync(userName);
        await server.CreateLoginProfileAsync(userName, password);
        if (policyDocument is not null)
        {
            (await server.Boto3Async(server.Root, "iam", "PutUserPolicy", new { UserName = userName, PolicyName = "console-test", PolicyDocument = policyDocument })).Ok();
        }

        return password;
    }

    /// <summary>The text of the page's error alert (AWS's sentence for a refusal).</summary>
    public static Task<string> ErrorTextAsync(this IPage page) => page.Locator(".alert.error").InnerTextAsync();
}
