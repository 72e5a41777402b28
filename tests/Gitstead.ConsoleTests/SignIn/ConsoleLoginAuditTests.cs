using System.Text.Json.Nodes;
using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Audit;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.SignIn;

/// <summary>
/// Console sign-ins in a real Chromium are CloudTrail <c>ConsoleLogin</c> events, found with
/// <c>aws cloudtrail lookup-events</c>: Success for the right password, Failure for a wrong one.
/// A whole scripted session (the user made with the aws CLI, its Git credential, a clone, a
/// denied push, a console sign-in) reads back as its events, with no secret in any of them.
/// </summary>
public abstract class ConsoleLoginAuditTests<TServer>(TServer server, Chromium chromium)
    where TServer : GitsteadServer
{
    [Fact]
    public async Task SignIns_AreRecordedAsConsoleLoginSuccessAndFailure()
    {
        var user = GitsteadServer.UniqueName("signer");
        var password = await server.CreateConsoleUserAsync(user);
        var page = await chromium.NewPageAsync(server);

        await page.SignInAsUserAsync(server, user, password + "wrong");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("incorrect");
        await page.SignInAsUserAsync(server, user, password);
        await page.WaitForUrlEndingAsync("/console");
        var events = await server.LookupUntilAsync("Username", user,
            e => AuditSteps.Records(e).Count(r => (string)r["eventName"] == "ConsoleLogin") == 2);

        var records = AuditSteps.Records(events).Where(r => (string)r["eventName"] == "ConsoleLogin").ToList();
        var success = Assert.Single(records, r => (string)r["responseElements"]!["ConsoleLogin"] == "Success");
        var failure = Assert.Single(records, r => (string)r["responseElements"]!["ConsoleLogin"] == "Failure");
        Assert.Equal("AwsConsoleSignIn", (string)success["eventType"]);
        Assert.Equal("signin.amazonaws.com", (string)success["eventSource"]);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/{user}", (string)success["userIdentity"]!["arn"]);
        Assert.Contains("Chrome", (string)success["userAgent"], StringComparison.Ordinal);
        Assert.Equal("Failed authentication", (string)failure["errorMessage"]);
        Assert.Equal(server.AccountId, (string)failure["userIdentity"]!["accountId"]);
        Assert.Equal("127.0.0.1", (string)failure["sourceIPAddress"]);
        Assert.DoesNotContain(password, events.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScriptedSession_EveryStepIsAnEvent_AndNoSecretIsInThem()
    {
        // Arrange: a repository with history, made by someone else.
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "scripted", commits: 1);
        var user = GitsteadServer.UniqueName("scripted");
        var password = GitsteadServer.NewPassword();

        // Act: the session, step by step, with the real clients.
        (await server.RunAwsAsync(server.Root, "iam", "create-user", "--user-name", user)).Ok();
        (await server.RunAwsAsync(server.Root, "iam", "create-login-profile", "--user-name", user, "--password", password)).Ok();
        (await server.RunAwsAsync(server.Root, "iam", "attach-user-policy", "--user-name", user, "--policy-arn", GitSteps.ReadOnly)).Ok();
        var credential = (await server.RunAwsAsync(server.Root, "iam", "create-service-specific-credential",
            "--user-name", user, "--service-name", "codecommit.amazonaws.com")).Ok()["ServiceSpecificCredential"]!;
        var (credentialId, gitUser, gitPassword) =
            ((string)credential["ServiceSpecificCredentialId"]!, (string)credential["ServiceUserName"]!, (string)credential["ServicePassword"]!);
        var login = git.LoginWith(gitUser, gitPassword, repository.CloneUrl);
        var clone = git.NewPath("scripted");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, clone])).Ok();
        await git.CommitAsync(clone, "denied.txt", "not for a reader\n", "a reader's commit");
        var push = (await git.RunAsync(clone, [.. login, "push", "origin", "HEAD:main"])).Failed();
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsUserAsync(server, user, password);
        await page.WaitForUrlEndingAsync("/console");

        // Assert: what the root did to the user, found by event name; what the user did, by user name.
        var created = await server.LookupUntilAsync("EventName", "CreateUser", e => AboutUser(e, user).Any());
        var credentials = await server.LookupUntilAsync("EventName", "CreateServiceSpecificCredential", e => AboutUser(e, user).Any());
        var profiles = await server.LookupUntilAsync("EventName", "CreateLoginProfile", e => AboutUser(e, user).Any());
        var own = await server.LookupUntilAsync("Username", user, e =>
            AuditSteps.Records(e).Any(r => (string)r["eventName"]! == "ConsoleLogin")
            && AuditSteps.Records(e).Any(r => (string)r["eventName"]! == "GitPush")
            && AuditSteps.Records(e).Any(r => (string)r["eventName"]! == "GitPull" && r["errorCode"] is null));

        Assert.Contains("403", push, StringComparison.Ordinal);
        var createUser = Assert.Single(AboutUser(created, user));
        Assert.Equal("iam.amazonaws.com", (string)createUser["eventSource"]!);
        Assert.Equal("Root", (string)createUser["userIdentity"]!["type"]!);
        Assert.False((bool)createUser["readOnly"]!);
        var createCredential = Assert.Single(AboutUser(credentials, user));
        Assert.Equal("codecommit.amazonaws.com", (string)createCredential["requestParameters"]!["serviceName"]!);
        Assert.Single(AboutUser(profiles, user));
        var records = AuditSteps.Records(own).ToList();
        var pull = records.First(r => (string)r["eventName"]! == "GitPull" && r["errorCode"] is null);
        Assert.Equal(credentialId, (string)pull["userIdentity"]!["accessKeyId"]!);
        Assert.Equal(repository.Name, (string)pull["additionalEventData"]!["repositoryName"]!);
        var denied = records.First(r => (string)r["eventName"]! == "GitPush");
        Assert.Equal("AccessDenied", (string)denied["errorCode"]!);
        Assert.Equal(credentialId, (string)denied["userIdentity"]!["accessKeyId"]!);
        var signIn = records.First(r => (string)r["eventName"]! == "ConsoleLogin");
        Assert.Equal("Success", (string)signIn["responseElements"]!["ConsoleLogin"]!);
        foreach (var lookedUp in new[] { created, credentials, profiles, own })
        {
            var text = lookedUp.ToJsonString();
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(gitPassword, text, StringComparison.Ordinal);
            Assert.DoesNotContain(server.Root.SecretAccessKey, text, StringComparison.Ordinal);
        }
    }

    /// <summary>The records whose request names <paramref name="user"/>.</summary>
    private static IEnumerable<JsonObject> AboutUser(JsonArray events, string user) =>
        AuditSteps.Records(events).Where(r => (string?)r["requestParameters"]?["userName"] == user);
}

public sealed class ConsoleLoginAuditOnSqlite(SqliteServer server, Chromium chromium)
    : ConsoleLoginAuditTests<SqliteServer>(server, chromium), IClassFixture<SqliteServer>, IClassFixture<Chromium>;

public sealed class ConsoleLoginAuditOnPostgres(PostgresServer server, Chromium chromium)
    : ConsoleLoginAuditTests<PostgresServer>(server, chromium), IClassFixture<PostgresServer>, IClassFixture<Chromium>;
