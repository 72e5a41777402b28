using System.Net;
using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.SignIn;

/// <summary>Signing in and out of the console in a real Chromium.</summary>
public abstract class SignInTests<TServer>(TServer server, Chromium chromium)
    where TServer : GitsteadServer
{
    [Fact]
    public async Task Root_SignsInWithInitialCredentials_SeesConsoleHome()
    {
        var page = await chromium.NewPageAsync(server);

        await page.GotoAsync("/console");
        await Chromium.ScreenshotAsync(page, "sign-in");
        await page.SignInAsRootAsync(server);

        Assert.EndsWith("/console", page.Url);
        Assert.Equal("Console Home", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Root user", await page.Locator("header.top").InnerTextAsync());
    }

    [Fact]
    public async Task WrongPassword_OneGenericMessage_NoSession()
    {
        var page = await chromium.NewPageAsync(server);

        await page.GotoAsync("/console/sign-in?as=root");
        await page.GetByLabel("Root user email address").FillAsync(server.Initial.RootEmail);
        await page.GetByLabel("Password").FillAsync("not-the-password");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            r => r.Url.Contains("/console/sign-in", StringComparison.Ordinal) && r.Request.Method == "POST");

        Assert.Equal((int)HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("Your authentication information is incorrect. Please try again.", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        await page.GotoAsync("/console");
        Assert.Contains("/console/sign-in", page.Url);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);

        await page.Locator("details.menu > summary").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForUrlContainingAsync("/console/sign-in");
        await page.GotoAsync("/console");

        Assert.Contains("/console/sign-in", page.Url);
    }
}

public sealed class SignInOnSqlite(SqliteServer server, Chromium chromium)
    : SignInTests<SqliteServer>(server, chromium), IClassFixture<SqliteServer>, IClassFixture<Chromium>;
