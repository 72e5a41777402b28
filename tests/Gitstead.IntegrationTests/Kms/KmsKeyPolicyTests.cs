using System.Text;
using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;
using Xunit;
using static Gitstead.IntegrationTests.Kms.KmsSteps;

namespace Gitstead.IntegrationTests.Kms;

/// <summary>
/// Who may use a key, decided as AWS decides it: the key policy together with the caller's IAM
/// policies. The default key policy delegates to IAM; a custom key policy can grant a user
/// with no IAM policy or deny one that IAM allows; conditions see kms:CallerAccount,
/// kms:ViaService and the encryption context; PutKeyPolicy refuses a document that would lock
/// the caller out. Last, nothing the server stores or logs holds key material in plaintext.
/// </summary>
public abstract class KmsKeyPolicyTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task DefaultKeyPolicy_DelegatesToIam_AUserNeedsAnIamAllow()
    {
        var key = await server.CreateKeyAsync();
        var (bobArn, bob) = await server.CreateKmsUserAsync("bob");
        var (_, alice) = await server.CreateKmsUserAsync("alice", Allow("kms:Encrypt", "kms:DescribeKey"));

        var refused = (await server.Boto3Async(bob, "kms", "Encrypt", new JsonObject { ["KeyId"] = (string)key["KeyId"], ["Plaintext"] = Blob("x") })).Failed();
        var allowed = (await server.Boto3Async(alice, "kms", "Encrypt", new JsonObject { ["KeyId"] = (string)key["KeyId"], ["Plaintext"] = Blob("x") })).Ok();
        var cli = await server.RunAwsAsync(bob, "kms", "describe-key", "--key-id", (string)key["KeyId"]);

        Assert.Equal("AccessDeniedException", refused.Code);
        Assert.Equal(400, refused.Status);
        Assert.Equal($"User: {bobArn} is not authorized to perform: kms:Encrypt on resource: {key["Arn"]} because no identity-based policy allows the kms:Encrypt action", refused.Message);
        Assert.Equal((string)key["Arn"], (string)allowed["KeyId"]);
        Assert.Equal("AccessDeniedException", cli.ErrorCode);
    }

    [Fact]
    public async Task CustomKeyPolicy_DeniesDecryptToAUserWhomIamAllowsEverything()
    {
        var (bobArn, bob) = await server.CreateKmsUserAsync("bob", Allow("kms:*"));
        var key = await server.CreateKeyAsync(policy: KeyPolicy(
            Statement("Allow", $"arn:aws:iam::{server.AccountId}:root", "kms:*"),
            Statement("Deny", bobArn, "kms:Decrypt")));

        var blob = await server.EncryptAsync((string)key["KeyId"], "secret", creds: bob);
        var denied = (await server.Boto3Async(bob, "kms", "Decrypt", new JsonObject { ["CiphertextBlob"] = Blob(blob) })).Failed();
        var root = (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject { ["CiphertextBlob"] = Blob(blob) })).Ok();

        Assert.Equal("AccessDeniedException", denied.Code);
        Assert.Equal($"User: {bobArn} is not authorized to perform: kms:Decrypt on resource: {key["Arn"]} with an explicit deny in a resource-based policy", denied.Message);
        Assert.Equal("secret", Encoding.UTF8.GetString(Bytes(root["Plaintext"])));
    }

    [Fact]
    public async Task CustomKeyPolicy_GrantsAUserWithNoIamPolicy_OnlyWhatItNames()
    {
        var (carolArn, carol) = await server.CreateKmsUserAsync("carol");
        var key = await server.CreateKeyAsync(policy: KeyPolicy(
            Statement("Allow", $"arn:aws:iam::{server.AccountId}:root", "kms:*"),
            Statement("Allow", carolArn, "kms:Encrypt", "kms:Decrypt")));

        var blob = await server.EncryptAsync((string)key["KeyId"], "granted", creds: carol);
        var decrypted = (await server.Boto3Async(carol, "kms", "Decrypt", new JsonObject { ["CiphertextBlob"] = Blob(blob) })).Ok();
        var describe = (await server.Boto3Async(carol, "kms", "DescribeKey", new { KeyId = (string)key["KeyId"] })).Failed();

        Assert.Equal("granted", Encoding.UTF8.GetString(Bytes(decrypted["Plaintext"])));
        Assert.Equal("AccessDeniedException", describe.Code);
        Assert.EndsWith("because no identity-based policy allows the kms:DescribeKey action", describe.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conditions_SeeTheEncryptionContextCallerAccountAndViaService()
    {
        var (daveArn, dave) = await server.CreateKmsUserAsync("dave");
        var key = await server.CreateKeyAsync(policy: KeyPolicy(
            Statement("Allow", $"arn:aws:iam::{server.AccountId}:root", "kms:*"),
            Statement("Allow", "*", "kms:Encrypt", """{"StringEquals": {"kms:CallerAccount": "ACCOUNT"}}""".Replace("ACCOUNT", server.AccountId, StringComparison.Ordinal)),
            Statement("Allow", daveArn, "kms:Decrypt",
                """{"StringEquals": {"kms:EncryptionContext:purpose": "backup"}, "ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["purpose"]}}"""),
            Statement("Allow", daveArn, "kms:GenerateDataKey", """{"StringEquals": {"kms:ViaService": "codecommit.us-east-1.amazonaws.com"}}""")));
        var keyId = (string)key["KeyId"];

        var backup = await server.EncryptAsync(keyId, "backup", Context(("purpose", "backup")), dave);
        var other = await server.EncryptAsync(keyId, "other", Context(("purpose", "other")), dave);
        var extra = await server.EncryptAsync(keyId, "extra", Context(("purpose", "backup"), ("team", "git")), dave);
        var allowed = (await server.Boto3Async(dave, "kms", "Decrypt", new JsonObject
        {
            ["CiphertextBlob"] = Blob(backup),
            ["EncryptionContext"] = Context(("purpose", "backup")),
        })).Ok();
        var otherValue = (await server.Boto3Async(dave, "kms", "Decrypt", new JsonObject
        {
            ["CiphertextBlob"] = Blob(other),
            ["EncryptionContext"] = Context(("purpose", "other")),
        })).Failed();
        var extraKey = (await server.Boto3Async(dave, "kms", "Decrypt", new JsonObject
        {
            ["CiphertextBlob"] = Blob(extra),
            ["EncryptionContext"] = Context(("purpose", "backup"), ("team", "git")),
        })).Failed();
        var direct = (await server.Boto3Async(dave, "kms", "GenerateDataKey", new { KeyId = keyId, KeySpec = "AES_256" })).Failed();

        Assert.Equal("backup", Encoding.UTF8.GetString(Bytes(allowed["Plaintext"])));
        Assert.Equal("AccessDeniedException", otherValue.Code);
        Assert.Equal("AccessDeniedException", extraKey.Code);
        Assert.Equal("AccessDeniedException", direct.Code);
    }

    [Fact]
    public async Task PutKeyPolicy_ChecksTheDocumentAndTheLockout_UnlessBypassed()
    {
        var key = await server.CreateKeyAsync();
        var keyId = (string)key["KeyId"];
        var readOnly = KeyPolicy(Statement("Allow", $"arn:aws:iam::{server.AccountId}:root", "kms:Describe*", "kms:Get*", "kms:Encrypt"));

        var original = (await server.Boto3Async(server.Root, "kms", "GetKeyPolicy", new { KeyId = keyId, PolicyName = "default" })).Ok();
        var names = (await server.Boto3Async(server.Root, "kms", "ListKeyPolicies", new { KeyId = keyId })).Ok();
        var otherName = (await server.Boto3Async(server.Root, "kms", "GetKeyPolicy", new { KeyId = keyId, PolicyName = "other" })).Failed();
        var malformed = (await server.Boto3Async(server.Root, "kms", "PutKeyPolicy", new { KeyId = keyId, Policy = "{\"Version\": \"2012-10-17\"" })).Failed();
        var noPrincipal = (await server.Boto3Async(server.Root, "kms", "PutKeyPolicy", new
        {
            KeyId = keyId,
            Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}""",
        })).Failed();
        var unknownUser = (await server.Boto3Async(server.Root, "kms", "PutKeyPolicy", new
        {
            KeyId = keyId,
            Policy = KeyPolicy(Statement("Allow", $"arn:aws:iam::{server.AccountId}:root", "kms:*"), Statement("Allow", $"arn:aws:iam::{server.AccountId}:user/nobody-{Guid.NewGuid():N}", "kms:Decrypt")),
        })).Failed();
        var lockout = (await server.Boto3Async(server.Root, "kms", "PutKeyPolicy", new { KeyId = keyId, Policy = readOnly })).Failed();
        var createLockout = (await server.Boto3Async(server.Root, "kms", "CreateKey", new { Policy = readOnly })).Failed();
        (await server.Boto3Async(server.Root, "kms", "PutKeyPolicy", new { KeyId = keyId, Policy = readOnly, BypassPolicyLockoutSafetyCheck = true })).Ok();
        var stored = (await server.Boto3Async(server.Root, "kms", "GetKeyPolicy", new { KeyId = keyId })).Ok();
        var lockedOut = (await server.Boto3Async(server.Root, "kms", "PutKeyPolicy", new { KeyId = keyId, Policy = (string)original["Policy"] })).Failed();
        var stillEncrypts = await server.EncryptAsync(keyId, "still usable");

        Assert.Contains("\"Sid\" : \"Enable IAM User Permissions\"", (string)original["Policy"], StringComparison.Ordinal);
        Assert.Contains($"\"AWS\" : \"arn:aws:iam::{server.AccountId}:root\"", (string)original["Policy"], StringComparison.Ordinal);
        Assert.Equal("default", (string)original["PolicyName"]);
        Assert.Equal(["default"], names["PolicyNames"]!.AsArray().Select(n => (string)n));
        Assert.Equal("NotFoundException", otherName.Type);
        Assert.Equal("MalformedPolicyDocumentException", malformed.Type);
        Assert.Equal("MalformedPolicyDocumentException", noPrincipal.Type);
        Assert.Equal("MalformedPolicyDocumentException", unknownUser.Type);
        Assert.Equal("Policy contains a statement with one or more invalid principals.", unknownUser.Message);
        Assert.Equal("MalformedPolicyDocumentException", lockout.Type);
        Assert.Equal("The new key policy will not allow you to update the key policy in the future.", lockout.Message);
        Assert.Equal("MalformedPolicyDocumentException", createLockout.Type);
        Assert.Equal(readOnly, (string)stored["Policy"]);
        Assert.Equal("AccessDeniedException", lockedOut.Code);
        Assert.NotEmpty(stillEncrypts);
    }

    [Fact]
    public async Task IdentityOnlyOperations_AndAliases_AreAuthorizedOnStarAndTheAliasArn()
    {
        var (_, eve) = await server.CreateKmsUserAsync("eve");
        var teamAliases = new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(
                new JsonObject { ["Effect"] = "Allow", ["Action"] = new JsonArray("kms:CreateKey", "kms:ListKeys", "kms:ListAliases", "kms:GenerateRandom"), ["Resource"] = "*" },
                new JsonObject { ["Effect"] = "Allow", ["Action"] = "kms:CreateAlias", ["Resource"] = $"arn:aws:kms:*:{server.AccountId}:alias/team-*" },
                new JsonObject { ["Effect"] = "Allow", ["Action"] = "kms:CreateAlias", ["Resource"] = $"arn:aws:kms:*:{server.AccountId}:key/*" }),
        }.ToJsonString();
        var (_, frank) = await server.CreateKmsUserAsync("frank", teamAliases);

        var createRefused = (await server.Boto3Async(eve, "kms", "CreateKey", new { })).Failed();
        var listRefused = (await server.Boto3Async(eve, "kms", "ListKeys", new { })).Failed();
        var randomRefused = (await server.Boto3Async(eve, "kms", "GenerateRandom", new { NumberOfBytes = 8 })).Failed();
        var created = await server.CreateKeyAsync(frank);
        var listed = (await server.Boto3Async(frank, "kms", "ListKeys", new { })).Ok();
        var teamAlias = GitsteadServer.UniqueName("alias/team-a");
        (await server.Boto3Async(frank, "kms", "CreateAlias", new { AliasName = teamAlias, TargetKeyId = (string)created["KeyId"] })).Ok();
        var otherAlias = (await server.Boto3Async(frank, "kms", "CreateAlias", new { AliasName = GitsteadServer.UniqueName("alias/other"), TargetKeyId = (string)created["KeyId"] })).Failed();

        Assert.Equal("AccessDeniedException", createRefused.Code);
        Assert.Contains("kms:CreateKey on resource: *", createRefused.Message, StringComparison.Ordinal);
        Assert.Equal("AccessDeniedException", listRefused.Code);
        Assert.Equal("AccessDeniedException", randomRefused.Code);
        Assert.Contains(listed["Keys"]!.AsArray(), k => (string)k!["KeyId"] == (string)created["KeyId"]);
        Assert.Equal("AccessDeniedException", otherAlias.Code);
        Assert.Contains($":alias/other-", otherAlias.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyIdForms_ErrorsAsBotocoreRaisesThem()
    {
        var key = await server.CreateKeyAsync();
        var keyId = (string)key["KeyId"];
        var missingId = Guid.NewGuid().ToString();

        var byArn = (await server.Boto3Async(server.Root, "kms", "DescribeKey", new { KeyId = (string)key["Arn"] })).Ok();
        var missing = (await server.Boto3Async(server.Root, "kms", "DescribeKey", new { KeyId = missingId })).Failed();
        var otherAccount = (await server.Boto3Async(server.Root, "kms", "DescribeKey", new { KeyId = $"arn:aws:kms:us-east-1:111122223333:key/{keyId}" })).Failed();
        var otherRegion = (await server.Boto3Async(server.Root, "kms", "DescribeKey", new { KeyId = keyId }, region: "eu-west-1")).Failed();
        var aliasOnManagement = (await server.Boto3Async(server.Root, "kms", "EnableKey", new { KeyId = "alias/anything" })).Failed();
        var aliasArnOnManagement = (await server.Boto3Async(server.Root, "kms", "EnableKey", new { KeyId = $"arn:aws:kms:us-east-1:{server.AccountId}:alias/anything" })).Failed();
        var badArn = (await server.Boto3Async(server.Root, "kms", "DescribeKey", new { KeyId = "arn:aws:s3:::bucket" })).Failed();
        var raw = await server.SendRawAsync("{}", new RawSigning(server.Root, "kms"), new Dictionary<string, string>
        {
            ["Content-Type"] = "application/x-amz-json-1.1",
            ["X-Amz-Target"] = "TrentService.DescribeKey",
        });

        Assert.Equal(keyId, (string)byArn["KeyMetadata"]!["KeyId"]);
        Assert.Equal("NotFoundException", missing.Type);
        Assert.Equal($"Key 'arn:aws:kms:us-east-1:{server.AccountId}:key/{missingId}' does not exist", missing.Message);
        Assert.Equal("NotFoundException", otherAccount.Type);
        Assert.Equal("NotFoundException", otherRegion.Type);
        Assert.Equal("NotFoundException", aliasOnManagement.Type);
        Assert.Equal("InvalidArnException", aliasArnOnManagement.Type);
        Assert.Equal("InvalidArnException", badArn.Type);
        Assert.Equal(400, raw.Status);
        Assert.Equal("ValidationException", (string)JsonNode.Parse(raw.Body)!["__type"]);
    }

    [Fact]
    public async Task KeyMaterialAndPlaintexts_AppearNowhere_InTheDatabaseLogOrDataDirectory()
    {
        var key = (string)(await server.CreateKeyAsync())["KeyId"];
        (await server.Boto3Async(server.Root, "kms", "RotateKeyOnDemand", new { KeyId = key })).Ok();
        var secret = $"plaintext-{Guid.NewGuid():N}";
        var blob = await server.EncryptAsync(key, secret);
        (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject { ["CiphertextBlob"] = Blob(blob) })).Ok();
        var dataKey = Bytes((await server.Boto3Async(server.Root, "kms", "GenerateDataKey", new { KeyId = key, KeySpec = "AES_256" })).Ok()["Plaintext"]);

        var materials = await server.UnsealedMaterialsAsync();
        var places = new List<string>();
        foreach (var (name, bytes) in materials.Select(m => ("key material", m)).Append(("data key", dataKey)).Append(("plaintext", Encoding.UTF8.GetBytes(secret))))
        {
            places.AddRange((await FindAsync(bytes)).Select(p => $"{name} in {p}"));
        }

        // The scan does find what is stored: the sealed material is in the database.
        var sealedFound = await FindAsync(await SealedMaterialAsync());

        Assert.True(materials.Count >= 2, $"{materials.Count} material versions");
        Assert.All(materials, m => Assert.Equal(32, m.Length));
        Assert.Empty(places);
        Assert.Contains("database", sealedFound);
    }

    private async Task<List<string>> FindAsync(byte[] bytes)
    {
        string[] forms = [Convert.ToHexStringLower(bytes), Convert.ToHexString(bytes), Convert.ToBase64String(bytes).TrimEnd('='), Encoding.Latin1.GetString(bytes)];
        var places = new List<string>();
        if (forms.Any(f => server.LogText.Contains(f, StringComparison.Ordinal)))
        {
            places.Add("server log");
        }

        var dump = await server.ReadDatabaseDumpAsync();
        if (forms.Any(f => dump.Contains(f, StringComparison.Ordinal)))
        {
            places.Add("database");
        }

        foreach (var file in Directory.EnumerateFiles(server.DataDir, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).Length < 64 << 20))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            var text = await reader.ReadToEndAsync();
            if (forms.Any(f => text.Contains(f, StringComparison.Ordinal)))
            {
                places.Add(Path.GetRelativePath(server.DataDir, file));
            }
        }

        return places;
    }

    private async Task<byte[]> SealedMaterialAsync()
    {
        var dump = await server.ReadDatabaseDumpAsync();
        var section = dump[dump.IndexOf("== KmsKeyMaterials", StringComparison.Ordinal)..];
        var hex = section[(section.IndexOf("SealedMaterial=hex:", StringComparison.Ordinal) + "SealedMaterial=hex:".Length)..];
        return Convert.FromHexString(hex[..hex.IndexOf(' ', StringComparison.Ordinal)]);
    }

    private static string KeyPolicy(params JsonObject[] statements) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(statements),
    }.ToJsonString();

    private static JsonObject Statement(string effect, string principal, params string[] actionsAndCondition)
    {
        var condition = actionsAndCondition.FirstOrDefault(a => a.StartsWith('{'));
        var statement = new JsonObject
        {
            ["Effect"] = effect,
            ["Principal"] = principal == "*" ? new JsonObject { ["AWS"] = "*" } : new JsonObject { ["AWS"] = principal },
            ["Action"] = new JsonArray([.. actionsAndCondition.Where(a => !a.StartsWith('{')).Select(a => JsonValue.Create(a))]),
            ["Resource"] = "*",
        };
        if (condition is not null)
        {
            statement["Condition"] = JsonNode.Parse(condition);
        }

        return statement;
    }
}

public sealed class KmsKeyPolicyOnSqlite(SqliteServer server) : KmsKeyPolicyTests<SqliteServer>(server);

public sealed class KmsKeyPolicyOnPostgres(PostgresServer server) : KmsKeyPolicyTests<PostgresServer>(server);
