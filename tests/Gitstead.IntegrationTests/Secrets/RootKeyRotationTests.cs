using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Kms;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Secrets;

/// <summary>
/// <c>gitstead root-key rotate</c> run as an operator runs it, as its own process while the
/// server serves: access keys, session credentials, Git credentials and console sessions made
/// before it keep working through the real aws CLI, boto3, git and HTTP; afterwards the old key
/// file is gone, no blob names it, and no secret is in clear anywhere. Stopped halfway, a second
/// run finishes the job.
/// </summary>
public abstract class RootKeyRotationTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    /// <summary>Test-only switch of the command: stop after N re-wrapped secrets (exit code 75).</summary>
    private const string StopAfter = "GITSTEAD_TEST_ROTATE_STOP_AFTER";

    private string KeysDirectory => Path.Combine(server.DataDir, "keys");

    [Fact]
    public async Task Rotate_WhileTheServerRuns_EveryCredentialStillWorksAndTheOldKeyIsGone()
    {
        // Arrange: one of each secret the root key protects, made before the rotation.
        var oldKey = await File.ReadAllBytesAsync(Path.Combine(KeysDirectory, "root.key"));
        var (user, key, session) = await UserWithKeyAndSessionAsync("rotate");
        using var git = new GitClient(server);
        var (repository, login, _) = await git.RepositoryWithHistoryAsync(server, "rotated", commits: 1);
        var browser = new ConsoleBrowser(server);
        await browser.SignInAsRootAsync();
        var (kmsKeyId, sealedBefore) = await KmsKeyWithTwoVersionsAsync();

        // Act
        var rotation = await RotateAsync();

        // Assert: the running server opens every blob under the new key and seals under it.
        Assert.True(rotation.ExitCode == 0, rotation.ToString());
        Assert.Contains("access keys: ", rotation.Stdout);
        Assert.Contains("KMS key material: ", rotation.Stdout);
        await AssertCredentialsWorkAsync(user, key, session);
        await AssertKmsKeyWorksAsync(kmsKeyId, sealedBefore);
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, git.NewPath("after")])).Ok();
        var newKey = await server.CreateAccessKeyAsync(user);
        (await server.RunAwsAsync(newKey, "sts", "get-caller-identity")).Ok();
        Assert.Equal(HttpStatusCode.OK, await browser.StatusOfAsync("/console"));
        await AssertOnlyTheCurrentKeyIsUsedAsync(oldKey);
        await AssertNowhereAsync(key.SecretAccessKey, session.SecretAccessKey, session.SessionToken, newKey.SecretAccessKey);

        // A restart reads only the new key: the console's key file and every secret open under it.
        await server.RestartAsync();
        Assert.Equal(HttpStatusCode.OK, await browser.StatusOfAsync("/console"));
        await AssertCredentialsWorkAsync(user, key, session);
        await AssertKmsKeyWorksAsync(kmsKeyId, sealedBefore);
    }

    [Fact]
    public async Task Rotate_StoppedHalfwayThenRunAgain_FinishesWithNothingLost()
    {
        // Arrange: more sealed secrets than the first run re-wraps.
        var oldKey = await File.ReadAllBytesAsync(Path.Combine(KeysDirectory, "root.key"));
        var (user, key, session) = await UserWithKeyAndSessionAsync("halfway");
        var second = await server.CreateAccessKeyAsync(user);
        var (kmsKeyId, sealedBefore) = await KmsKeyWithTwoVersionsAsync();

        // Act: the first run stops after two re-wrapped secrets, as if killed there.
        var stopped = await RotateAsync(new Dictionary<string, string> { [StopAfter] = "2" });

        // Assert: mid-way, blobs under both keys, and the running server opens them all.
        Assert.True(stopped.ExitCode == 75, stopped.ToString());
        Assert.Contains(RootKeyId(oldKey), RetiredKeyIds());
        await AssertCredentialsWorkAsync(user, key, session);
        (await server.RunAwsAsync(second, "iam", "list-access-keys", "--user-name", user)).Ok();

        // Act: run again.
        var finished = await RotateAsync();

        // Assert
        Assert.True(finished.ExitCode == 0, finished.ToString());
        Assert.Contains("Resuming", finished.Stdout);
        await AssertCredentialsWorkAsync(user, key, session);
        (await server.RunAwsAsync(second, "iam", "list-access-keys", "--user-name", user)).Ok();
        (await server.RunAwsAsync(server.Root, "sts", "get-caller-identity")).Ok();
        await AssertKmsKeyWorksAsync(kmsKeyId, sealedBefore);
        await AssertOnlyTheCurrentKeyIsUsedAsync(oldKey);
        await AssertNowhereAsync(key.SecretAccessKey, second.SecretAccessKey, session.SecretAccessKey, session.SessionToken);
    }

    /// <summary>A KMS key rotated once (two material versions, each sealed under the root key), and a ciphertext made under its first version.</summary>
    private async Task<(string KeyId, byte[] Ciphertext)> KmsKeyWithTwoVersionsAsync()
    {
        var keyId = (string)(await server.CreateKeyAsync(description: "rotation"))["KeyId"];
        var sealedBefore = KmsSteps.Bytes((await server.Boto3Async(server.Root, "kms", "Encrypt",
            new JsonObject { ["KeyId"] = keyId, ["Plaintext"] = KmsSteps.Blob("made before"), ["EncryptionContext"] = KmsSteps.Context(("purpose", "rotation")) })).Ok()["CiphertextBlob"]);
        (await server.Boto3Async(server.Root, "kms", "RotateKeyOnDemand", new JsonObject { ["KeyId"] = keyId })).Ok();
        return (keyId, sealedBefore);
    }

    /// <summary>The ciphertext made before still decrypts, and the key encrypts and decrypts anew.</summary>
    private async Task AssertKmsKeyWorksAsync(string keyId, byte[] sealedBefore)
    {
        var context = KmsSteps.Context(("purpose", "rotation"));
        var opened = (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject { ["CiphertextBlob"] = KmsSteps.Blob(sealedBefore), ["EncryptionContext"] = context })).Ok();
        Assert.Equal("made before", System.Text.Encoding.UTF8.GetString(KmsSteps.Bytes(opened["Plaintext"])));
        var fresh = (await server.Boto3Async(server.Root, "kms", "Encrypt", new JsonObject { ["KeyId"] = keyId, ["Plaintext"] = KmsSteps.Blob("made after"), ["EncryptionContext"] = context.DeepClone() })).Ok()["CiphertextBlob"];
        var reopened = (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject { ["CiphertextBlob"] = KmsSteps.Blob(KmsSteps.Bytes(fresh)), ["EncryptionContext"] = context.DeepClone() })).Ok();
        Assert.Equal("made after", System.Text.Encoding.UTF8.GetString(KmsSteps.Bytes(reopened["Plaintext"])));
    }

    private static string RootKeyId(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));

    private Task<ProcessResult> RotateAsync(Dictionary<string, string> environment = null) =>
        server.RunCommandAsync(environment, "root-key", "rotate", "--grace-seconds", "1");

    private async Task<(string User, Credentials Key, Credentials Session)> UserWithKeyAndSessionAsync(string prefix)
    {
        var user = GitsteadServer.UniqueName(prefix);
        await server.CreateUserAsync(user);
        (await server.RunAwsAsync(server.Root, "iam", "attach-user-policy", "--user-name", user,
            "--policy-arn", "arn:aws:iam::aws:policy/IAMReadOnlyAccess")).Ok();
        var key = await server.CreateAccessKeyAsync(user);
        return (user, key, await server.GetSessionTokenAsync(key));
    }

    /// <summary>The access key signs for the aws CLI and boto3, and so does the session made from it.</summary>
    private async Task AssertCredentialsWorkAsync(string user, Credentials key, Credentials session)
    {
        Assert.EndsWith($":user/{user}", (string)(await server.RunAwsAsync(key, "sts", "get-caller-identity")).Ok()["Arn"]);
        (await server.Boto3Async(key, "iam", "GetUser", new { UserName = user })).Ok();
        Assert.EndsWith($":user/{user}", (string)(await server.RunAwsAsync(session, "sts", "get-caller-identity")).Ok()["Arn"]);
        // IAM refuses sessions made without MFA; STS checks the session's signature too.
        (await server.Boto3Async(session, "sts", "GetCallerIdentity")).Ok();
    }

    /// <summary>No file holds the old key, no retired key is left, and every blob of the database and the console's key files names the current key.</summary>
    private async Task AssertOnlyTheCurrentKeyIsUsedAsync(byte[] oldKey)
    {
        var current = await File.ReadAllBytesAsync(Path.Combine(KeysDirectory, "root.key"));
        var (oldId, currentId) = (RootKeyId(oldKey), RootKeyId(current));
        Assert.NotEqual(oldId, currentId);
        Assert.Empty(RetiredKeyIds());
        foreach (var file in Directory.EnumerateFiles(KeysDirectory, "*", SearchOption.AllDirectories))
        {
            Assert.False((await File.ReadAllBytesAsync(file)).AsSpan().IndexOf(oldKey) >= 0, $"{file} holds the old root key");
        }

        var dump = await server.ReadDatabaseDumpAsync();
        Assert.DoesNotContain($"hex:01{oldId}", dump);
        Assert.Contains($"hex:01{currentId}", dump);
        var consoleKeys = Directory.EnumerateFiles(Path.Combine(KeysDirectory, "console"), "*.xml").ToList();
        Assert.NotEmpty(consoleKeys);
        foreach (var file in consoleKeys)
        {
            var blob = Convert.FromBase64String(XDocument.Load(file).Descendants("gitsteadEnvelope").Single().Value);
            Assert.Equal(currentId, Convert.ToHexStringLower(blob.AsSpan(1, 8)));
        }
    }

    private IEnumerable<string> RetiredKeyIds()
    {
        var retired = Path.Combine(KeysDirectory, "retired-root-keys");
        return Directory.Exists(retired) ? Directory.EnumerateFiles(retired).Select(Path.GetFileNameWithoutExtension) : [];
    }

    private async Task AssertNowhereAsync(params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            var places = await SecretScan.FindAsync(server, secret);
            Assert.True(places.Count == 0, $"a secret was found in: {string.Join(", ", places)}");
        }
    }
}

public sealed class RootKeyRotationOnSqlite(SqliteServer server) : RootKeyRotationTests<SqliteServer>(server);

public sealed class RootKeyRotationOnPostgres(PostgresServer server) : RootKeyRotationTests<PostgresServer>(server);
