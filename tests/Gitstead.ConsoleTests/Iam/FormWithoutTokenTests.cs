using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.ConsoleTests.Iam;

/// <summary>
/// A form of the IAM pages posted without its anti-forgery token — as another site would post
/// it with the person's session cookie — is refused with 400 and changes nothing.
/// </summary>
public sealed class FormWithoutTokenTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    [Fact]
    public async Task DeleteGitCredentialWithoutToken_Refused400_CredentialStays()
    {
        var userName = GitsteadServer.UniqueName("dev");
        await server.CreateUserAsync(userName);
        var credential = await server.CreateGitCredentialAsync(userName);
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);

        var response = await page.APIRequest.PostAsync(
            $"/console/iam/users/{userName}?tab=security_credentials&handler=DeleteGitCredential",
            new() { Form = page.APIRequest.CreateFormData().Set("id", credential.ServiceSpecificCredentialId), MaxRedirects = 0 });

        Assert.Equal(400, response.Status);
        Assert.Contains("Request refused", await response.TextAsync(), StringComparison.Ordinal);
        Assert.Single(await server.ListGitCredentialsAsync(userName));
    }

    [Fact]
    public async Task CreateUserWithoutToken_Refused400_NoUser()
    {
        var userName = GitsteadServer.UniqueName("ghost");
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);

        var response = await page.APIRequest.PostAsync(
            "/console/iam/users/create", new() { Form = page.APIRequest.CreateFormData().Set("UserName", userName), MaxRedirects = 0 });
        var lookup = await server.Boto3Async(server.Root, "iam", "GetUser", new { UserName = userName });

        Assert.Equal(400, response.Status);
        Assert.Equal("NoSuchEntity", lookup.Failed().Code);
    }
}
