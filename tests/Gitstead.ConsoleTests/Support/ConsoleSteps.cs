using System.Text.RegularExpressions;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;

namespace Gitstead.ConsoleTests.Support;

/// <summary>What a person does in the console, as steps the tests share.</summary>
public static class ConsoleSteps
{
    private static readonly PageAssertionsToHaveURLOptions UrlWait = new() { Timeout = 30_000 };

    /// <summary>Signs in as the account root with the first start's email and password.</summary>
    public static async Task SignInAsRootAsync(this IPage page, GitsteadServer server)
    {
        await page.GotoAsync("/console/sign-in?as=root");
        await page.GetByLabel("Root user email address").FillAsync(server.Initial.RootEmail);
        await page.GetByLabel("Password").FillAsync(server.Initial.RootPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForUrlLeavingAsync("/sign-in");
    }

    /// <summary>
    /// Waits until the page's address contains <paramref name="part"/>, after a click that
    /// navigates. Playwright's assertion polls the address; <c>WaitForURLAsync</c> called after
    /// the click can miss a navigation that is reported while it starts listening, and then
    /// waits out its whole timeout (seen on a busy machine).
    /// </summary>
    public static Task WaitForUrlContainingAsync(this IPage page, string part) =>
        Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(part)), UrlWait);

    /// <summary>Waits until the page's address ends with <paramref name="end"/> (see <see cref="WaitForUrlContainingAsync"/>).</summary>
    public static Task WaitForUrlEndingAsync(this IPage page, string end) =>
        Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(end) + "$"), UrlWait);

    /// <summary>Waits until the page's address no longer contains <paramref name="part"/> (see <see cref="WaitForUrlContainingAsync"/>).</summary>
    public static Task WaitForUrlLeavingAsync(this IPage page, string part) =>
        Assertions.Expect(page).Not.ToHaveURLAsync(new Regex(Regex.Escape(part)), UrlWait);

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

    /// <summary>Opens a KMS page of the server's default region.</summary>
    public static Task<IResponse> GotoKmsAsync(this IPage page, string path, string region = GitsteadServer.Region) =>
        page.GotoAsync($"/console/kms/{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}region={region}");

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
