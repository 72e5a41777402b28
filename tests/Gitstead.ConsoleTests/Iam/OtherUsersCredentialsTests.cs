using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.Iam;

/// <summary>
/// A user whose policies cover only its own credentials opens another user's Security
/// credentials tab: each section shows AWS's refusal for that call, and a Generate posted
/// anyway is refused by the service, creating nothing.
/// </summary>
public sealed class OtherUsersCredentialsTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    [Fact]
    public async Task UserWithSelfManageOnly_OpensAnotherUsersCredentials_SeesAwsSentence()
    {
        var (userName, password) = await server.NewConsoleUserAsync("dev", IamSteps.PowerUser, IamSteps.SelfManageGitCredentials);
        var other = GitsteadServer.UniqueName("other");
        await server.CreateUserAsync(other);
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsUserAsync(server, userName, password);

        await page.GotoAsync($"/console/iam/users/{other}?tab=security_credentials");
        var section = await page.Locator("#git-credentials").InnerTextAsync();

        var account = server.AccountId;
        Assert.Contains(
            $"User: arn:aws:iam::{account}:user/{userName} is not authorized to perform: iam:ListServiceSpecificCredentials on resource: arn:aws:iam::{account}:user/{other}",
            section,
            StringComparison.Ordinal);
        Assert.Equal(0, await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Generate credentials" }).CountAsync());
    }

    [Fact]
    public async Task UserWithSelfManageOnly_GeneratesForAnotherUserThroughTheForm_RefusedWithAwsSentence()
    {
        var (userName, password) = await server.NewConsoleUserAsync("dev", IamSteps.SelfManageGitCredentials);
        var other = GitsteadServer.UniqueName("other");
        await server.CreateUserAsync(other);
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsUserAsync(server, userName, password);
        await page.GotoAsync("/console/iam/security-credentials");

        // The user's own Generate form, pointed at the other user's page.
        await page.Locator("form[action*='handler=GenerateGitCredential']").EvaluateAsync(
            "(form, url) => form.setAttribute('action', url)", $"/console/iam/users/{other}?tab=security_credentials&handler=GenerateGitCredential");
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate credentials" }).ClickAsync();
        var alert = await page.GetByRole(AriaRole.Alert).First.InnerTextAsync();

        Assert.Contains(
            $"is not authorized to perform: iam:CreateServiceSpecificCredential on resource: arn:aws:iam::{server.AccountId}:user/{other}",
            alert,
            StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("dialog#secret-dialog").CountAsync());
        Assert.Empty(await server.ListGitCredentialsAsync(other));
    }
}
