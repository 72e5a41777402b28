using System.Text;
using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Kms;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit;

/// <summary>
/// Every repository is encrypted under a KMS key and every Git request and content call asks
/// KMS on the caller's behalf: the AWS managed key <c>alias/aws/codecommit</c> comes with the
/// first repository of a region; a customer key is chosen by <c>kmsKeyId</c> or
/// UpdateRepositoryEncryptionKey; an IAM deny, a key policy deny or a disabled key stops git
/// and the API with CodeCommit's exception, and lifting it lets them through on the next request.
/// </summary>
public abstract class RepositoryEncryptionKeyTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    /// <summary>What a user needs in IAM to use a customer managed key whose policy delegates to IAM.</summary>
    private static readonly string KeyUser = Policy(new JsonObject
    {
        ["Effect"] = "Allow",
        ["Action"] = new JsonArray("kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"),
        ["Resource"] = "*",
    });

    [Fact]
    public async Task AwsManagedKey_AppearsWithTheFirstRepositoryOfARegion_AndEncryptsEveryRepositoryThere()
    {
        const string region = "us-west-2";
        var before = (await server.Boto3Async(server.Root, "kms", "ListAliases", new { }, region)).Ok();
        Assert.DoesNotContain(Aliases(before), a => (string)a["AliasName"] == "alias/aws/codecommit");

        var first = (await server.Boto3Async(server.Root, "codecommit", "CreateRepository", new { repositoryName = GitsteadServer.UniqueName("first") }, region)).Ok()["repositoryMetadata"]!;
        var second = (await server.Boto3Async(server.Root, "codecommit", "CreateRepository", new { repositoryName = GitsteadServer.UniqueName("second") }, region)).Ok()["repositoryMetadata"]!;

        var managed = Aliases((await server.Boto3Async(server.Root, "kms", "ListAliases", new { }, region)).Ok())
            .Single(a => (string)a["AliasName"] == "alias/aws/codecommit");
        var keyId = (string)managed["TargetKeyId"];
        Assert.Equal($"arn:aws:kms:{region}:{server.AccountId}:alias/aws/codecommit", (string)managed["AliasArn"]);
        Assert.Equal((keyId, keyId), ((string)first["kmsKeyId"], (string)second["kmsKeyId"]));
        var key = (await server.Boto3Async(server.Root, "kms", "DescribeKey", new { KeyId = "alias/aws/codecommit" }, region)).Ok()["KeyMetadata"]!;
        Assert.Equal(("AWS", "Enabled", keyId), ((string)key["KeyManager"], (string)key["KeyState"], (string)key["KeyId"]));
        var policy = (string)(await server.Boto3Async(server.Root, "kms", "GetKeyPolicy", new { KeyId = keyId, PolicyName = "default" }, region)).Ok()["Policy"];
        Assert.Contains($"codecommit.{region}.amazonaws.com", policy, StringComparison.Ordinal);

        // The region's first repository made it; another region's repositories use their own.
        var home = await server.NewRepositoryAsync("home");
        Assert.NotEqual(keyId, (string)(await server.GetRepositoryAsync(home.Name))["kmsKeyId"]);
    }

    [Fact]
    public async Task CustomerKeyByAlias_GitWorks_DisabledKeyStopsCloneAndPushUntilEnabled()
    {
        using var git = new GitClient(server);
        var (keyId, keyArn) = await NewKeyAsync();
        var alias = "alias/" + GitsteadServer.UniqueName("team");
        (await server.Boto3Async(server.Root, "kms", "CreateAlias", new { AliasName = alias, TargetKeyId = keyId })).Ok();
        var name = GitsteadServer.UniqueName("customer");
        var created = (await server.RunAwsAsync(server.Root, "codecommit", "create-repository", "--repository-name", name, "--kms-key-id", alias)).Ok()["repositoryMetadata"]!;
        Assert.Equal(keyId, (string)created["kmsKeyId"]);
        Assert.Equal(keyId, (string)(await server.GetRepositoryAsync(name))["kmsKeyId"]);
        var url = (string)created["cloneUrlHttp"];
        var (user, credentials) = await server.NewGitUserAsync("dev", GitSteps.PowerUser);
        await PutUserPolicyAsync(user, "use-keys", KeyUser);
        var login = git.LoginWith(credentials, url);
        var clone = git.NewPath("customer");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", url, clone])).Ok();
        await git.CommitAsync(clone, "a.txt", "a\n", "first");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();

        (await server.Boto3Async(server.Root, "kms", "DisableKey", new { KeyId = keyId })).Ok();
        var refusedClone = await git.RunAsync(git.Root, [.. login, "clone", "-q", url, git.NewPath("refused")]);
        await git.CommitAsync(clone, "b.txt", "b\n", "second");
        var refusedPush = await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main"]);
        var refusedRead = (await server.Boto3Async(server.Root, "codecommit", "GetFile", new { repositoryName = name, filePath = "a.txt" })).Failed();

        Assert.Contains($"remote: EncryptionKeyDisabledException: The encryption key is disabled: {keyArn}", refusedClone.Failed(), StringComparison.Ordinal);
        Assert.Contains($"remote: EncryptionKeyDisabledException: The encryption key is disabled: {keyArn}", refusedPush.Failed(), StringComparison.Ordinal);
        Assert.Equal("EncryptionKeyDisabledException", refusedRead.Code);
        var tip = await git.OkAsync(clone, "rev-parse", "HEAD~1");
        var refusedWrite = (await server.Boto3Async(server.Root, "codecommit", "PutFile",
            new { repositoryName = name, branchName = "main", parentCommitId = tip, filePath = "c.txt", fileContent = "Yw==" })).Failed();
        Assert.Equal("EncryptionKeyDisabledException", refusedWrite.Code);
        Assert.Equal("EncryptionKeyDisabledException", (await server.Boto3Async(server.Root, "codecommit", "ListFileCommitHistory", new { repositoryName = name, filePath = "a.txt" })).Failed().Code);

        (await server.Boto3Async(server.Root, "kms", "EnableKey", new { KeyId = keyId })).Ok();
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", url, git.NewPath("again")])).Ok();
        var file = (await server.Boto3Async(server.Root, "codecommit", "GetFile", new { repositoryName = name, filePath = "a.txt" })).Ok();
        Assert.Equal("a\n", Encoding.UTF8.GetString(Convert.FromBase64String((string)file["fileContent"])));
    }

    [Fact]
    public async Task UpdateRepositoryEncryptionKey_MovesTheRepositoryToTheNewKey()
    {
        using var git = new GitClient(server);
        var (repository, login, _) = await git.RepositoryWithHistoryAsync(server, "moving", commits: 1);
        var original = (string)(await server.GetRepositoryAsync(repository.Name))["kmsKeyId"];
        var (keyId, keyArn) = await NewKeyAsync();

        var change = (await server.RunAwsAsync(server.Root, "codecommit", "update-repository-encryption-key", "--repository-name", repository.Name, "--kms-key-id", keyArn)).Ok();

        Assert.Equal((repository.RepositoryId, keyId, original), ((string)change["repositoryId"], (string)change["kmsKeyId"], (string)change["originalKmsKeyId"]));
        Assert.Equal(keyId, (string)(await server.GetRepositoryAsync(repository.Name))["kmsKeyId"]);

        // The pusher's power user policy covers the AWS managed key only; the customer key's policy delegates to IAM.
        var notGranted = await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, git.NewPath("not-granted")]);
        Assert.Contains($"EncryptionKeyAccessDeniedException: An encryption key could not be accessed: User: ", notGranted.Failed(), StringComparison.Ordinal);
        Assert.Contains($"is not authorized to perform: kms:Decrypt on resource: {keyArn} because no identity-based policy allows the kms:Decrypt action", notGranted.Stderr, StringComparison.Ordinal);
        var (user, credentials) = await server.NewGitUserAsync("granted", GitSteps.PowerUser);
        await PutUserPolicyAsync(user, "use-keys", KeyUser);
        login = git.LoginWith(credentials, repository.CloneUrl);
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, git.NewPath("granted")])).Ok();
        (await server.Boto3Async(server.Root, "kms", "DisableKey", new { KeyId = keyId })).Ok();
        var refused = await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, git.NewPath("moved")]);
        Assert.Contains($"EncryptionKeyDisabledException: The encryption key is disabled: {keyArn}", refused.Failed(), StringComparison.Ordinal);

        var missing = (await server.Boto3Async(server.Root, "codecommit", "UpdateRepositoryEncryptionKey", new { repositoryName = repository.Name, kmsKeyId = "alias/no-such-key" })).Failed();
        var required = (await server.Boto3Async(server.Root, "codecommit", "UpdateRepositoryEncryptionKey", new { repositoryName = repository.Name, kmsKeyId = "" })).Failed();
        Assert.Equal(("EncryptionKeyNotFoundException", "EncryptionKeyRequiredException"), (missing.Code, required.Code));
        (await server.Boto3Async(server.Root, "kms", "EnableKey", new { KeyId = keyId })).Ok();
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, git.NewPath("moved")])).Ok();
    }

    [Theory]
    [InlineData("kms:Decrypt")]
    [InlineData("kms:*")]
    public async Task IamDenyOfKmsAction_StopsFetchCloneAndContentReads_AndLiftingItLetsThemThrough(string deniedAction)
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "denied", commits: 2);
        var (user, credentials) = await server.NewGitUserAsync("reader", GitSteps.PowerUser);
        var keys = await server.CreateAccessKeyAsync(user);
        var login = git.LoginWith(credentials, repository.CloneUrl);
        var clone = git.NewPath("before");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, clone])).Ok();
        var keyArn = (string)(await server.Boto3Async(server.Root, "kms", "DescribeKey", new { KeyId = "alias/aws/codecommit" })).Ok()["KeyMetadata"]!["Arn"];
        var commitId = await git.OkAsync(clone, "rev-parse", "HEAD");

        await PutUserPolicyAsync(user, "no-kms", Policy(new JsonObject { ["Effect"] = "Deny", ["Action"] = deniedAction, ["Resource"] = "*" }));
        var fetch = await git.RunAsync(clone, [.. login, "fetch", "-q", "origin"]);
        var cloneAgain = await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, git.NewPath("after")]);
        var reads = new Dictionary<string, object>
        {
            ["GetCommit"] = new { repositoryName = repository.Name, commitId },
            ["GetFile"] = new { repositoryName = repository.Name, filePath = "file-1.txt" },
            ["GetFolder"] = new { repositoryName = repository.Name, folderPath = "/" },
            ["GetDifferences"] = new { repositoryName = repository.Name, afterCommitSpecifier = "main" },
        };
        var refusals = new List<BotoError>();
        foreach (var (operation, parameters) in reads)
        {
            refusals.Add((await server.Boto3Async(keys, "codecommit", operation, parameters)).Failed());
        }

        var reason = $"is not authorized to perform: kms:Decrypt on resource: {keyArn} with an explicit deny in an identity-based policy";
        Assert.Contains($"remote: EncryptionKeyAccessDeniedException: An encryption key could not be accessed: User: arn:aws:iam::{server.AccountId}:user/{user} {reason}", fetch.Failed(), StringComparison.Ordinal);
        Assert.Contains(reason, cloneAgain.Failed(), StringComparison.Ordinal);
        Assert.All(refusals, r => Assert.Equal("EncryptionKeyAccessDeniedException", r.Code));
        Assert.All(refusals, r => Assert.Contains(reason, r.Message, StringComparison.Ordinal));

        (await server.Boto3Async(server.Root, "iam", "DeleteUserPolicy", new { UserName = user, PolicyName = "no-kms" })).Ok();
        (await git.RunAsync(clone, [.. login, "fetch", "-q", "origin"])).Ok();
        foreach (var (operation, parameters) in reads)
        {
            (await server.Boto3Async(keys, "codecommit", operation, parameters)).Ok();
        }
    }

    [Fact]
    public async Task KeyPolicyDenyingAUser_StopsTheirClone_OthersClone_RestoredPolicyLetsThemIn()
    {
        using var git = new GitClient(server);
        var (keyId, keyArn) = await NewKeyAsync();
        var name = GitsteadServer.UniqueName("guarded");
        var url = (string)(await server.Boto3Async(server.Root, "codecommit", "CreateRepository", new { repositoryName = name, kmsKeyId = keyArn })).Ok()["repositoryMetadata"]!["cloneUrlHttp"];
        var (denied, deniedLogin) = await server.NewGitUserAsync("denied", GitSteps.PowerUser);
        var (allowed, allowedLogin) = await server.NewGitUserAsync("allowed", GitSteps.PowerUser);
        await PutUserPolicyAsync(denied, "use-keys", KeyUser);
        await PutUserPolicyAsync(allowed, "use-keys", KeyUser);
        var defaultPolicy = (string)(await server.Boto3Async(server.Root, "kms", "GetKeyPolicy", new { KeyId = keyId, PolicyName = "default" })).Ok()["Policy"];
        var guarded = JsonNode.Parse(defaultPolicy)!.AsObject();
        guarded["Statement"]!.AsArray().Add(new JsonObject
        {
            ["Sid"] = "DenyOneUser",
            ["Effect"] = "Deny",
            ["Principal"] = new JsonObject { ["AWS"] = $"arn:aws:iam::{server.AccountId}:user/{denied}" },
            ["Action"] = "kms:Decrypt",
            ["Resource"] = "*",
        });

        var deniedKeys = await server.CreateAccessKeyAsync(denied);
        var allowedKeys = await server.CreateAccessKeyAsync(allowed);
        (await server.Boto3Async(allowedKeys, "codecommit", "PutFile", new { repositoryName = name, branchName = "main", filePath = "README.md", fileContent = "guarded" })).Ok();
        (await server.Boto3Async(server.Root, "kms", "PutKeyPolicy", new { KeyId = keyId, PolicyName = "default", Policy = guarded.ToJsonString() })).Ok();
        var refused = await git.RunAsync(git.Root, [.. git.LoginWith(deniedLogin, url), "clone", "-q", url, git.NewPath("denied")]);
        (await git.RunAsync(git.Root, [.. git.LoginWith(allowedLogin, url), "clone", "-q", url, git.NewPath("allowed")])).Ok();
        var refusedRead = (await server.Boto3Async(deniedKeys, "codecommit", "GetFolder", new { repositoryName = name, folderPath = "/" })).Failed();
        var allowedRead = (await server.Boto3Async(allowedKeys, "codecommit", "GetFolder", new { repositoryName = name, folderPath = "/" })).Ok();

        Assert.Contains(
            $"remote: EncryptionKeyAccessDeniedException: An encryption key could not be accessed: User: arn:aws:iam::{server.AccountId}:user/{denied} is not authorized to perform: kms:Decrypt on resource: {keyArn} with an explicit deny in a resource-based policy",
            refused.Failed(), StringComparison.Ordinal);
        Assert.Equal("EncryptionKeyAccessDeniedException", refusedRead.Code);
        Assert.Contains("with an explicit deny in a resource-based policy", refusedRead.Message, StringComparison.Ordinal);
        Assert.Equal("README.md", (string)allowedRead["files"]![0]!["relativePath"]);
        (await server.Boto3Async(server.Root, "kms", "PutKeyPolicy", new { KeyId = keyId, PolicyName = "default", Policy = defaultPolicy })).Ok();
        (await git.RunAsync(git.Root, [.. git.LoginWith(deniedLogin, url), "clone", "-q", url, git.NewPath("denied")])).Ok();
        Assert.NotEqual(allowed, denied);
    }

    [Fact]
    public async Task CreateRepository_KeyProblems_AreCodeCommitsEncryptionExceptions_AndNoRepositoryIsLeft()
    {
        var (keyId, _) = await NewKeyAsync();
        (await server.Boto3Async(server.Root, "kms", "DisableKey", new { KeyId = keyId })).Ok();
        var cases = new (string KmsKeyId, string Code)[]
        {
            ("alias/no-such-key", "EncryptionKeyNotFoundException"),
            (Guid.NewGuid().ToString(), "EncryptionKeyNotFoundException"),
            ("not a key!", "EncryptionKeyInvalidIdException"),
            (keyId, "EncryptionKeyDisabledException"),
        };

        foreach (var (kmsKeyId, code) in cases)
        {
            var name = GitsteadServer.UniqueName("refused");
            var error = (await server.Boto3Async(server.Root, "codecommit", "CreateRepository", new { repositoryName = name, kmsKeyId })).Failed();
            Assert.Equal(code, error.Code);
            Assert.Equal("RepositoryDoesNotExistException", (await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = name })).Failed().Code);
        }
    }

    [Fact]
    public async Task RepositoriesMadeBeforeKms_GetTheAwsManagedKeyAtStart_AndGitServesThem()
    {
        using var git = new GitClient(server);
        var (repository, _, _) = await git.RepositoryWithHistoryAsync(server, "legacy", commits: 1);
        var managed = (string)(await server.GetRepositoryAsync(repository.Name))["kmsKeyId"];
        var cleared = await server.ExecuteSqlAsync(
            "UPDATE \"Repositories\" SET \"KmsKeyId\" = NULL, \"DataKeyCiphertext\" = NULL WHERE \"RepositoryId\" = @id", ("@id", repository.RepositoryId));
        Assert.Equal(1, cleared);
        Assert.Null((await server.GetRepositoryAsync(repository.Name))["kmsKeyId"]);

        await server.RestartAsync();

        // The start-up pass runs beside the first requests: wait for it to reach this repository.
        var shown = (string)null;
        for (var attempt = 0; attempt < 100 && shown is null; attempt++)
        {
            shown = (string)(await server.GetRepositoryAsync(repository.Name))["kmsKeyId"];
            if (shown is null)
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(managed, shown);
        var url = (string)(await server.GetRepositoryAsync(repository.Name))["cloneUrlHttp"];
        var (_, credentials) = await server.NewGitUserAsync("after", GitSteps.ReadOnly);
        (await git.RunAsync(git.Root, [.. git.LoginWith(credentials, url), "clone", "-q", url, git.NewPath("legacy")])).Ok();
    }

    private async Task<(string KeyId, string Arn)> NewKeyAsync()
    {
        var key = (await server.Boto3Async(server.Root, "kms", "CreateKey", new { Description = "repository key" })).Ok()["KeyMetadata"]!;
        return ((string)key["KeyId"], (string)key["Arn"]);
    }

    private async Task PutUserPolicyAsync(string user, string name, string document) =>
        (await server.Boto3Async(server.Root, "iam", "PutUserPolicy", new { UserName = user, PolicyName = name, PolicyDocument = document })).Ok();

    private static string Policy(JsonObject statement) =>
        new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = new JsonArray(statement) }.ToJsonString();

    private static IEnumerable<JsonNode> Aliases(JsonNode listing) => listing["Aliases"]!.AsArray()!;
}

public sealed class RepositoryEncryptionKeyOnSqlite(SqliteServer server) : RepositoryEncryptionKeyTests<SqliteServer>(server);

public sealed class RepositoryEncryptionKeyOnPostgres(PostgresServer server) : RepositoryEncryptionKeyTests<PostgresServer>(server);

/// <summary>A key disabled through one node refuses the next Git request and content call on the other.</summary>
public sealed class RepositoryEncryptionKeyAcrossNodes(TwoPostgresNodes nodes) : IClassFixture<TwoPostgresNodes>
{
    [Fact]
    public async Task KeyDisabledOnOneNode_RefusesTheOthersNextCloneAndRead_EnabledAgainServesIt()
    {
        var (first, second) = (nodes.First, nodes.Second);
        using var git = new GitClient(first);
        var key = (await first.Boto3Async(first.Root, "kms", "CreateKey", new { Description = "two nodes" })).Ok()["KeyMetadata"]!;
        var keyId = (string)key["KeyId"];
        var name = GitsteadServer.UniqueName("two-nodes");
        var url = (string)(await first.Boto3Async(first.Root, "codecommit", "CreateRepository", new { repositoryName = name, kmsKeyId = keyId })).Ok()["repositoryMetadata"]!["cloneUrlHttp"];
        var onSecond = new UriBuilder(url) { Port = second.Endpoint.Port }.Uri.ToString().TrimEnd('/');
        var (user, credentials) = await first.NewGitUserAsync("dev", GitSteps.PowerUser);
        (await first.Boto3Async(first.Root, "iam", "PutUserPolicy", new { UserName = user, PolicyName = "use-keys", PolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:GenerateDataKey"],"Resource":"*"}]}""" })).Ok();
        var secondLogin = git.LoginWith(credentials, onSecond);
        var clone = git.NewPath("pusher");
        (await git.RunAsync(git.Root, [.. secondLogin, "clone", "-q", onSecond, clone])).Ok();
        await git.CommitAsync(clone, "file-1.txt", "one\n", "first");
        (await git.RunAsync(clone, [.. secondLogin, "push", "-q", "origin", "HEAD:main"])).Ok();
        var read = new { repositoryName = name, filePath = "file-1.txt" };
        (await second.Boto3Async(second.Root, "codecommit", "GetFile", read)).Ok();

        (await first.Boto3Async(first.Root, "kms", "DisableKey", new { KeyId = keyId })).Ok();
        var refused = await git.RunAsync(git.Root, [.. secondLogin, "clone", "-q", onSecond, git.NewPath("refused")]);
        var refusedRead = (await second.Boto3Async(second.Root, "codecommit", "GetFile", read)).Failed();
        (await first.Boto3Async(first.Root, "kms", "EnableKey", new { KeyId = keyId })).Ok();

        Assert.Contains($"remote: EncryptionKeyDisabledException: The encryption key is disabled: {(string)key["Arn"]}", refused.Failed(), StringComparison.Ordinal);
        Assert.Equal("EncryptionKeyDisabledException", refusedRead.Code);
        (await git.RunAsync(git.Root, [.. secondLogin, "clone", "-q", onSecond, git.NewPath("again")])).Ok();
        (await second.Boto3Async(second.Root, "codecommit", "GetFile", read)).Ok();
    }
}
