using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.Iam;

/// <summary>
/// The IAM pages a person following AWS's setup guide sees, saved as screenshots (laptop and
/// phone width): every field has a label, and at 390 px nothing is wider than the screen.
/// </summary>
public sealed class IamPagesLookTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    private const string UnlabelledFields = """
        () => [...document.querySelectorAll("input:not([type=hidden]), textarea, select")]
            .filter(f => f.labels.length === 0 && !f.getAttribute("aria-label") && !f.getAttribute("aria-labelledby"))
            .map(f => f.outerHTML)
        """;

    [Fact]
    public async Task RootAndUserPages_Screenshots_LabelledAndNoWiderThanAPhone()
    {
        var (userName, password) = await server.NewConsoleUserAsync("saanvi", IamSteps.PowerUser, IamSteps.SelfManageGitCredentials);
        await server.CreateGitCredentialAsync(userName);
        await server.CreateAccessKeyAsync(userName);
        await server.NewConsoleUserAsync("mary");
        var root = await chromium.NewPageAsync(server);
        await root.SignInAsRootAsync(server);
        var unlabelled = new List<string>();

        await root.GotoAsync("/console/iam");
        await ShotAsync(root, "iam-dashboard", unlabelled);
        await root.GotoAsync("/console/iam/users");
        await ShotAsync(root, "iam-users", unlabelled);
        await root.GotoAsync("/console/iam/users/create");
        await root.GetByLabel("User name").FillAsync("new-developer");
        await root.GetByLabel("Provide user access to the console").CheckAsync();
        await ShotAsync(root, "iam-create-user", unlabelled);
        await root.GotoAsync($"/console/iam/users/{userName}?tab=security_credentials");
        await ShotAsync(root, "iam-user-security-credentials", unlabelled);
        await root.GotoAsync($"/console/iam/users/{userName}");
        await ShotAsync(root, "iam-user-permissions", unlabelled);
        await root.GotoAsync("/console/iam/policies");
        await ShotAsync(root, "iam-policies", unlabelled);
        await root.GotoAsync("/console/iam/policies/details?arn=arn:aws:iam::aws:policy/AWSCodeCommitPowerUser");
        var document = await root.Locator("pre.json").InnerTextAsync();
        await ShotAsync(root, "iam-policy-document", unlabelled);
        await root.GotoAsync("/console/iam/account");
        await ShotAsync(root, "iam-account-settings", unlabelled);
        await root.GotoAsync($"/console/iam/users/{userName}/add-permissions?option=policies");
        await ShotAsync(root, "iam-add-permissions", unlabelled);
        await root.GotoAsync($"/console/iam/users/{userName}/inline-policy");
        await ShotAsync(root, "iam-inline-policy", unlabelled);
        var group = GitsteadServer.UniqueName("devs");
        (await server.Boto3Async(server.Root, "iam", "CreateGroup", new { GroupName = group })).Ok();
        (await server.Boto3Async(server.Root, "iam", "AddUserToGroup", new { GroupName = group, UserName = userName })).Ok();
        await root.GotoAsync($"/console/iam/groups/{group}");
        await ShotAsync(root, "iam-group", unlabelled);
        await root.GotoAsync($"/console/iam/users/{userName}?tab=security_credentials&confirm=reset-console");
        await ShotAsync(root, "iam-reset-console-password", unlabelled, fullPage: false);

        var user = await chromium.NewPageAsync(server);
        await user.SignInAsUserAsync(server, userName, password);
        await user.GotoAsync("/console/iam/security-credentials");
        await user.GenerateGitCredentialsAsync();
        await ShotAsync(user, "iam-git-credentials-dialog", unlabelled, fullPage: false);
        await user.CloseSecretDialogAsync();
        await ShotAsync(user, "iam-my-security-credentials", unlabelled);

        var phone = await chromium.NewPageAsync(server, width: 390, height: 844);
        await phone.SignInAsUserAsync(server, userName, password);
        await phone.GotoAsync("/console/iam/security-credentials");
        await ShotAsync(phone, "iam-my-security-credentials-390", unlabelled);
        var phoneWidth = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        await phone.GotoAsync("/console/iam/users");
        await ShotAsync(phone, "iam-users-390", unlabelled);
        var listWidth = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");

        Assert.Contains("codecommit:GitPull", document, StringComparison.Ordinal);
        Assert.Empty(unlabelled);
        Assert.True(phoneWidth <= 390, $"My security credentials is {phoneWidth} px wide at 390");
        Assert.True(listWidth <= 390, $"Users is {listWidth} px wide at 390");
    }

    private static async Task ShotAsync(IPage page, string name, List<string> unlabelled, bool fullPage = true)
    {
        unlabelled.AddRange((await page.EvaluateAsync<string[]>(UnlabelledFields)).Select(f => $"{name}: {f}"));
        if (fullPage)
        {
            await Chromium.ScreenshotAsync(page, name);
        }
        else
        {
            Directory.CreateDirectory(Chromium.ScreenshotDir);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDir, name + ".png") });
        }
    }
}
