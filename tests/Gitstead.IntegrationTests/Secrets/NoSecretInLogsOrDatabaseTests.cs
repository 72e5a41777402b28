using System.Text;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Secrets;

/// <summary>
/// Secrets the server hands out or receives (secret keys, passwords, Git passwords, session
/// tokens) appear in none of its log, its database or its data directory, in clear, hex or base64.
/// The scan itself is shown to find a planted marker in each place it reads and in each form it
/// claims to detect, so a scan that read nothing could not pass these tests.
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

    [Fact]
    public async Task FindAsync_UserNameInTheCallerArnTheServerLogs_ReportsServerLog()
    {
        // Arrange: the dispatcher logs every successful call with the caller's ARN, which ends in the user name.
        var user = GitsteadServer.UniqueName("logged");
        await server.CreateUserAsync(user);
        var key = await server.CreateAccessKeyAsync(user);
        (await server.Boto3Async(key, "sts", "GetCallerIdentity")).Ok();

        // Act
        var places = await EventuallyFoundInAsync(user, "server log");

        // Assert
        Assert.Contains("server log", places);
    }

    [Fact]
    public async Task FindAsync_TagValueWrittenThroughTheApi_ReportsDatabase()
    {
        // Arrange
        var marker = GitsteadServer.UniqueName("tagged");
        (await server.Boto3Async(server.Root, "iam", "CreateUser", new
        {
            UserName = GitsteadServer.UniqueName("tags"),
            Tags = new[] { new { Key = "probe", Value = marker } },
        })).Ok();

        // Act
        var places = await SecretScan.FindAsync(server, marker);

        // Assert
        Assert.Contains("database", places);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("lower-hex")]
    [InlineData("upper-hex")]
    [InlineData("base64")]
    public async Task FindAsync_MarkerInAFileOfTheDataDirectory_ReportsThatFile(string form)
    {
        // Arrange: the marker's "-" is 2d/2D in hex, so the two hex forms differ.
        var marker = GitsteadServer.UniqueName("planted");
        var bytes = Encoding.UTF8.GetBytes(marker);
        var content = form switch
        {
            "plain" => marker,
            "lower-hex" => Convert.ToHexStringLower(bytes),
            "upper-hex" => Convert.ToHexString(bytes),
            _ => Convert.ToBase64String(bytes),
        };
        if (form != "plain")
        {
            Assert.DoesNotContain(marker, content);
        }

        var file = Path.Combine(server.DataDir, "scan-probe", $"{marker}.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, $"before {content} after\n");
        try
        {
            // Act
            var places = await SecretScan.FindAsync(server, marker);

            // Assert
            Assert.Equal([Path.Combine("scan-probe", $"{marker}.txt")], places);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task FindAsync_RootSecretOnlyInInitialCredentials_NotReportedThoughACopyElsewhereIs()
    {
        // Arrange
        var secret = server.Initial.SecretAccessKey;
        Assert.Contains(secret, await File.ReadAllTextAsync(server.InitialCredentialsPath));
        var copy = Path.Combine(server.DataDir, $"{GitsteadServer.UniqueName("copy")}.json");

        // Act
        var withoutCopy = await SecretScan.FindAsync(server, secret);
        File.Copy(server.InitialCredentialsPath, copy);
        IReadOnlyList<string> withCopy;
        try
        {
            withCopy = await SecretScan.FindAsync(server, secret);
        }
        finally
        {
            File.Delete(copy);
        }

        // Assert
        Assert.Empty(withoutCopy);
        Assert.Equal([Path.GetFileName(copy)], withCopy);
    }

    private async Task AssertNowhereAsync(string what, string secret)
    {
        var places = await SecretScan.FindAsync(server, secret);
        Assert.True(places.Count == 0, $"the {what} was found in: {string.Join(", ", places)}");
    }

    /// <summary>
    /// Scans until <paramref name="place"/> is among the places, for up to ten seconds: the server
    /// logs a call after answering it, and its output reaches the fixture through a pipe.
    /// </summary>
    private async Task<IReadOnlyList<string>> EventuallyFoundInAsync(string marker, string place)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var places = await SecretScan.FindAsync(server, marker);
            if (places.Contains(place) || DateTime.UtcNow > deadline)
            {
                return places;
            }

            await Task.Delay(100);
        }
    }
}

public sealed class NoSecretInLogsOrDatabaseOnSqlite(VerboseSqliteServer server)
    : NoSecretInLogsOrDatabaseTests<VerboseSqliteServer>(server);

public sealed class NoSecretInLogsOrDatabaseOnPostgres(VerbosePostgresServer server)
    : NoSecretInLogsOrDatabaseTests<VerbosePostgresServer>(server);
