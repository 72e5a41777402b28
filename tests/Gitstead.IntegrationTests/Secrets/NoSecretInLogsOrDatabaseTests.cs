using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Secrets;

/// <summary>
/// Secrets the server hands out or receives (secret keys, passwords, Git passwords, session
/// tokens) appear in none of its log, its database or its data directory, in clear, hex or base64.
/// </summary>
public abstract class NoSecretInLogsOrDatabaseTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task RootSecretAndPassword_AfterRootCalls_AppearNowhere()
    {
        (await server.RunAwsAsync(server.Root, "sts", "get-caller-identity")).Ok();
        (await server.RunAwsAsync(server.Root, "iam", "list-users")).Ok();

        await AssertNowhereAsync("root secret access key", server.Initial.SecretAccessKey);
        await AssertNowhereAsync("root console password", server.Initial.RootPassword);
    }

    [Fact]
    public async Task UserSecretAccessKey_CreatedAndUsed_AppearsNowhere()
    {
        var user = GitsteadServer.UniqueName("keys");
        await server.CreateUserAsync(user);

        var key = await server.CreateAccessKeyAsync(user);
        (await server.Boto3Async(key, "sts", "GetCallerIdentity")).Ok();
        await server.Boto3Async(key, "iam", "ListAccessKeys", new { UserName = user });

        await AssertNowhereAsync("user secret access key", key.SecretAccessKey);
    }

    [Fact]
    public async Task ConsolePassword_CreatedAndChanged_AppearsNowhere()
    {
        var user = GitsteadServer.UniqueName("console");
        await server.CreateUserAsync(user);
        var first = GitsteadServer.NewPassword();
        var second = GitsteadServer.NewPassword();
        var refused = GitsteadServer.NewPassword();

        await server.CreateLoginProfileAsync(user, first);
        (await server.RunAwsAsync(server.Root, "iam", "update-login-profile", "--user-name", user, "--password", second)).Ok();
        var missing = await server.Boto3Async(server.Root, "iam", "CreateLoginProfile",
            new { UserName = GitsteadServer.UniqueName("nobody"), Password = refused });

        Assert.Equal("NoSuchEntity", missing.Failed().Code);
        await AssertNowhereAsync("first console password", first);
        await AssertNowhereAsync("changed console password", second);
        await AssertNowhereAsync("password sent for a missing user", refused);
    }

    [Fact]
    public async Task GitPassword_CreatedAndReset_AppearsNowhere()
    {
        var user = GitsteadServer.UniqueName("git");
        await server.CreateUserAsync(user);

        var created = await server.CreateGitCredentialAsync(user);
        var reset = (await server.Boto3Async(server.Root, "iam", "ResetServiceSpecificCredential",
            new { UserName = user, created.ServiceSpecificCredentialId })).Ok();
        var resetPassword = (string)reset["ServiceSpecificCredential"]!["ServicePassword"];

        await AssertNowhereAsync("Git credential password", created.ServicePassword);
        await AssertNowhereAsync("reset Git credential password", resetPassword);
    }

    [Fact]
    public async Task SessionToken_IssuedAndUsed_AppearsNowhere()
    {
        var user = GitsteadServer.UniqueName("session");
        await server.CreateUserAsync(user);
        var key = await server.CreateAccessKeyAsync(user);

        var session = await server.GetSessionTokenAsync(key);
        var identity = (await server.RunAwsAsync(session, "sts", "get-caller-identity")).Ok();

        Assert.EndsWith($":user/{user}", (string)identity["Arn"]);
        await AssertNowhereAsync("user secret access key", key.SecretAccessKey);
        await AssertNowhereAsync("session secret access key", session.SecretAccessKey);
        await AssertNowhereAsync("session token", session.SessionToken);
    }

    private async Task AssertNowhereAsync(string what, string secret)
    {
        var places = await SecretScan.FindAsync(server, secret);
        Assert.True(places.Count == 0, $"the {what} was found in: {string.Join(", ", places)}");
    }
}

public sealed class NoSecretInLogsOrDatabaseOnSqlite(VerboseSqliteServer server)
    : NoSecretInLogsOrDatabaseTests<VerboseSqliteServer>(server);

public sealed class NoSecretInLogsOrDatabaseOnPostgres(VerbosePostgresServer server)
    : NoSecretInLogsOrDatabaseTests<VerbosePostgresServer>(server);
