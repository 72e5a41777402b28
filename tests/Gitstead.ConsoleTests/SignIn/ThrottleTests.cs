using System.Net;
using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.SignIn;

/// <summary>
/// Guessing a console password in a real Chromium: after five wrong passwords for one user even
/// the right one is refused with HTTP 429 and a wait, and no session is made; another user at
/// the same address still signs in. Its own server, so no other test shares the blocked user.
/// </summary>
public sealed class ThrottleTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    [Fact]
    public async Task FiveWrongPasswords_RightPasswordThrottledWith429_OtherUserStillSignsIn()
    {
        var target = GitsteadServer.UniqueName("target");
        var targetPassword = await server.CreateConsoleUserAsync(target);
        var other = GitsteadServer.UniqueName("other");
        var otherPassword = await server.CreateConsoleUserAsync(other);
        var page = await chromium.NewPageAsync(server);

        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add(await SubmitAsync(page, target, "Wrong-Passw0rd!"));
        }

        var throttled = await SubmitAsync(page, target, targetPassword);
        var message = await page.GetByRole(AriaRole.Alert).InnerTextAsync();
        await Chromium.ScreenshotAsync(page, "sign-in-throttled");
        await page.GotoAsync("/console");
        var afterThrottle = page.Url;
        var otherPage = await chromium.NewPageAsync(server);
        await otherPage.SignInAsUserAsync(server, other, otherPassword);
        await otherPage.WaitForUrlLeavingAsync("/sign-in");

        Assert.Equal(Enumerable.Repeat((int)HttpStatusCode.Unauthorized, 5), statuses);
        Assert.Equal((int)HttpStatusCode.TooManyRequests, throttled);
        Assert.StartsWith("Too many failed sign-in attempts. Try again in", message, StringComparison.Ordinal);
        Assert.Contains("/console/sign-in", afterThrottle, StringComparison.Ordinal);
        Assert.EndsWith("/console", otherPage.Url, StringComparison.Ordinal);
    }

    private async Task<int> SubmitAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/console/sign-in?as=iam");
        await page.GetByLabel("Account ID (12 digits) or account alias").FillAsync(server.AccountId);
        await page.GetByLabel("IAM user name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            r => r.Url.Contains("/console/sign-in", StringComparison.Ordinal) && r.Request.Method == "POST");
        return response.Status;
    }
}
