using System.Text;
using System.Text.Json.Nodes;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Gitstead.IntegrationTests.Support;
using Xunit;
using static Gitstead.IntegrationTests.Kms.KmsSteps;

namespace Gitstead.IntegrationTests.Kms;

/// <summary>
/// The account root uses KMS keys with boto3, the aws CLI and the AWS SDK for .NET: encryption
/// with and without context and KeyId, data keys, ReEncrypt, aliases, rotation (old ciphertext
/// still decrypts), disabling, scheduled deletion and destruction once the deletion date has
/// passed. Time is moved, where a scenario needs days to pass, by changing the stored date in
/// the server's database, as the clock would have.
/// </summary>
public abstract class KmsKeyUseTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task EncryptThenDecrypt_WithAndWithoutKeyIdAndContext_OnlyTheSameContextOpens()
    {
        var key = await server.CreateKeyAsync();
        var arn = (string)key["Arn"];
        var alias = GitsteadServer.UniqueName("alias/crypto");
        (await server.Boto3Async(server.Root, "kms", "CreateAlias", new JsonObject { ["AliasName"] = alias, ["TargetKeyId"] = (string)key["KeyId"] })).Ok();
        var context = Context(("purpose", "test"), ("team", "git"));

        var encrypted = (await server.Boto3Async(server.Root, "kms", "Encrypt", new JsonObject
        {
            ["KeyId"] = alias,
            ["Plaintext"] = Blob("attack at dawn"),
            ["EncryptionContext"] = context,
        })).Ok();
        var blob = Bytes(encrypted["CiphertextBlob"]);
        var noKeyId = (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject
        {
            ["CiphertextBlob"] = Blob(blob),
            ["EncryptionContext"] = Context(("team", "git"), ("purpose", "test")),
        })).Ok();
        var withAliasArn = (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject
        {
            ["CiphertextBlob"] = Blob(blob),
            ["KeyId"] = $"arn:aws:kms:{GitsteadServer.Region}:{server.AccountId}:{alias}",
            ["EncryptionContext"] = context.DeepClone(),
        })).Ok();
        var wrongContext = (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject
        {
            ["CiphertextBlob"] = Blob(blob),
            ["EncryptionContext"] = Context(("purpose", "other"), ("team", "git")),
        })).Failed();
        var noContext = (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject { ["CiphertextBlob"] = Blob(blob) })).Failed();
        var plain = await server.EncryptAsync(arn, "no context");
        var plainBack = (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject { ["CiphertextBlob"] = Blob(plain) })).Ok();
        var other = await server.CreateKeyAsync();
        var incorrect = (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject
        {
            ["CiphertextBlob"] = Blob(plain),
            ["KeyId"] = (string)other["KeyId"],
        })).Failed();
        var garbage = (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject { ["CiphertextBlob"] = Blob("not a ciphertext blob at all, really") })).Failed();

        Assert.Equal(arn, (string)encrypted["KeyId"]);
        Assert.Equal("SYMMETRIC_DEFAULT", (string)encrypted["EncryptionAlgorithm"]);
        Assert.Equal("attack at dawn", Encoding.UTF8.GetString(Bytes(noKeyId["Plaintext"])));
        Assert.Equal(arn, (string)noKeyId["KeyId"]);
        Assert.Equal("attack at dawn", Encoding.UTF8.GetString(Bytes(withAliasArn["Plaintext"])));
        Assert.Equal("InvalidCiphertextException", wrongContext.Type);
        Assert.Equal(400, wrongContext.Status);
        Assert.Equal("", wrongContext.Message);
        Assert.Equal("InvalidCiphertextException", noContext.Type);
        Assert.Equal("no context", Encoding.UTF8.GetString(Bytes(plainBack["Plaintext"])));
        Assert.Equal("IncorrectKeyException", incorrect.Type);
        Assert.Equal("InvalidCiphertextException", garbage.Type);
    }

    [Fact]
    public async Task AwsCli_EncryptAndDecryptFiles_WrongContextFailsWithInvalidCiphertextException()
    {
        var dir = Directory.CreateTempSubdirectory("gitstead-kms-cli-").FullName;
        try
        {
            var keyId = (string)(await server.RunAwsAsync(server.Root, "kms", "create-key", "--description", "cli key")).Ok()["KeyMetadata"]!["KeyId"];
            var plainFile = Path.Combine(dir, "plain.txt");
            await File.WriteAllTextAsync(plainFile, "hello from the CLI");

            var encrypted = (await server.RunAwsAsync(server.Root, "kms", "encrypt", "--key-id", keyId, "--plaintext", $"fileb://{plainFile}",
                "--encryption-context", "purpose=cli")).Ok();
            var blobFile = Path.Combine(dir, "blob.bin");
            await File.WriteAllBytesAsync(blobFile, Convert.FromBase64String((string)encrypted["CiphertextBlob"]));
            var decrypted = (await server.RunAwsAsync(server.Root, "kms", "decrypt", "--ciphertext-blob", $"fileb://{blobFile}", "--encryption-context", "purpose=cli")).Ok();
            var wrong = await server.RunAwsAsync(server.Root, "kms", "decrypt", "--ciphertext-blob", $"fileb://{blobFile}", "--encryption-context", "purpose=other");

            Assert.Equal("hello from the CLI", Encoding.UTF8.GetString(Convert.FromBase64String((string)decrypted["Plaintext"])));
            Assert.EndsWith($":key/{keyId}", (string)decrypted["KeyId"], StringComparison.Ordinal);
            Assert.NotEqual(0, wrong.ExitCode);
            Assert.Equal("InvalidCiphertextException", wrong.ErrorCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task DataKeys_WithAndWithoutPlaintext_ReEncryptAndGenerateRandom()
    {
        var key = (string)(await server.CreateKeyAsync())["KeyId"];
        var destination = await server.CreateKeyAsync();
        var context = Context(("bucket", "one"));

        var dataKey = (await server.Boto3Async(server.Root, "kms", "GenerateDataKey", new JsonObject
        {
            ["KeyId"] = key,
            ["KeySpec"] = "AES_256",
            ["EncryptionContext"] = context,
        })).Ok();
        var sealedOnly = (await server.Boto3Async(server.Root, "kms", "GenerateDataKeyWithoutPlaintext", new JsonObject
        {
            ["KeyId"] = key,
            ["NumberOfBytes"] = 64,
        })).Ok();
        var opened = (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject
        {
            ["CiphertextBlob"] = Blob(Bytes(dataKey["CiphertextBlob"])),
            ["EncryptionContext"] = context.DeepClone(),
        })).Ok();
        var openedSealedOnly = (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject { ["CiphertextBlob"] = Blob(Bytes(sealedOnly["CiphertextBlob"])) })).Ok();
        var reEncrypted = (await server.Boto3Async(server.Root, "kms", "ReEncrypt", new JsonObject
        {
            ["CiphertextBlob"] = Blob(Bytes(dataKey["CiphertextBlob"])),
            ["SourceEncryptionContext"] = context.DeepClone(),
            ["DestinationKeyId"] = (string)destination["Arn"],
            ["DestinationEncryptionContext"] = Context(("bucket", "two")),
        })).Ok();
        var reOpened = (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject
        {
            ["CiphertextBlob"] = Blob(Bytes(reEncrypted["CiphertextBlob"])),
            ["EncryptionContext"] = Context(("bucket", "two")),
        })).Ok();
        var neither = (await server.Boto3Async(server.Root, "kms", "GenerateDataKey", new JsonObject { ["KeyId"] = key })).Failed();
        var random = (await server.Boto3Async(server.Root, "kms", "GenerateRandom", new { NumberOfBytes = 16 })).Ok();
        var random2 = (await server.Boto3Async(server.Root, "kms", "GenerateRandom", new { NumberOfBytes = 16 })).Ok();
        var tooMany = (await server.Boto3Async(server.Root, "kms", "GenerateRandom", new { NumberOfBytes = 1025 })).Failed();

        Assert.Equal(32, Bytes(dataKey["Plaintext"]).Length);
        Assert.Equal(Bytes(dataKey["Plaintext"]), Bytes(opened["Plaintext"]));
        Assert.Null(sealedOnly["Plaintext"]);
        Assert.Equal(64, Bytes(openedSealedOnly["Plaintext"]).Length);
        Assert.EndsWith(key, (string)reEncrypted["SourceKeyId"], StringComparison.Ordinal);
        Assert.Equal((string)destination["Arn"], (string)reEncrypted["KeyId"]);
        Assert.Equal(Bytes(dataKey["Plaintext"]), Bytes(reOpened["Plaintext"]));
        Assert.Equal((string)destination["Arn"], (string)reOpened["KeyId"]);
        Assert.Equal("ValidationException", neither.Code);
        Assert.Equal("Please specify either number of bytes or key spec.", neither.Message);
        Assert.Equal(16, Bytes(random["Plaintext"]).Length);
        Assert.NotEqual(Bytes(random["Plaintext"]), Bytes(random2["Plaintext"]));
        Assert.Equal("ValidationException", tooMany.Code);
    }

    [Fact]
    public async Task Aliases_CreateUpdateListDelete_AndTheRulesOfTheirNames()
    {
        var first = await server.CreateKeyAsync();
        var second = await server.CreateKeyAsync();
        var alias = GitsteadServer.UniqueName("alias/app/key");
        var aliasArn = $"arn:aws:kms:{GitsteadServer.Region}:{server.AccountId}:{alias}";
        (await server.RunAwsAsync(server.Root, "kms", "create-alias", "--alias-name", alias, "--target-key-id", (string)first["Arn"])).Ok();
        var before = await server.EncryptAsync(aliasArn, "under the first key");

        var listed = (await server.Boto3Async(server.Root, "kms", "ListAliases", new { KeyId = (string)first["KeyId"] })).Ok();
        var duplicate = (await server.Boto3Async(server.Root, "kms", "CreateAlias", new { AliasName = alias, TargetKeyId = (string)second["KeyId"] })).Failed();
        (await server.Boto3Async(server.Root, "kms", "UpdateAlias", new { AliasName = alias, TargetKeyId = (string)second["KeyId"] })).Ok();
        var after = (await server.Boto3Async(server.Root, "kms", "Encrypt", new JsonObject { ["KeyId"] = alias, ["Plaintext"] = Blob("second") })).Ok();
        var oldStillOpens = (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject { ["CiphertextBlob"] = Blob(before) })).Ok();
        var reserved = (await server.Boto3Async(server.Root, "kms", "CreateAlias", new { AliasName = "alias/aws/codecommit", TargetKeyId = (string)first["KeyId"] })).Failed();
        var noPrefix = (await server.Boto3Async(server.Root, "kms", "CreateAlias", new { AliasName = "my-key", TargetKeyId = (string)first["KeyId"] })).Failed();
        var aliasTarget = (await server.Boto3Async(server.Root, "kms", "CreateAlias", new { AliasName = alias + "-2", TargetKeyId = alias })).Failed();
        (await server.Boto3Async(server.Root, "kms", "DeleteAlias", new { AliasName = alias })).Ok();
        var gone = (await server.Boto3Async(server.Root, "kms", "DescribeKey", new { KeyId = alias })).Failed();
        var deleteAgain = (await server.Boto3Async(server.Root, "kms", "DeleteAlias", new { AliasName = alias })).Failed();

        var entry = Assert.Single(listed["Aliases"]!.AsArray());
        Assert.Equal(alias, (string)entry!["AliasName"]);
        Assert.Equal(aliasArn, (string)entry["AliasArn"]);
        Assert.Equal((string)first["KeyId"], (string)entry["TargetKeyId"]);
        Assert.False((bool)listed["Truncated"]!);
        Assert.Equal("AlreadyExistsException", duplicate.Type);
        Assert.Equal($"An alias with the name {aliasArn} already exists", duplicate.Message);
        Assert.Equal((string)second["Arn"], (string)after["KeyId"]);
        Assert.Equal((string)first["Arn"], (string)oldStillOpens["KeyId"]);
        Assert.Equal("NotAuthorizedException", reserved.Code);
        Assert.Equal("ValidationException", noPrefix.Code);
        Assert.Equal("ValidationException", aliasTarget.Code);
        Assert.Equal("NotFoundException", gone.Type);
        Assert.Equal($"Alias {aliasArn} is not found.", gone.Message);
        Assert.Equal("NotFoundException", deleteAgain.Type);
    }

    [Fact]
    public async Task Rotation_OnDemandAndWhenDue_NewCiphertextUsesNewMaterial_OldStillDecrypts()
    {
        var key = await server.CreateKeyAsync();
        var keyId = (string)key["KeyId"];
        (await server.Boto3Async(server.Root, "kms", "EnableKeyRotation", new { KeyId = keyId, RotationPeriodInDays = 90 })).Ok();
        var status = (await server.Boto3Async(server.Root, "kms", "GetKeyRotationStatus", new { KeyId = keyId })).Ok();
        var first = await server.EncryptAsync(keyId, "version one");

        var onDemand = (await server.Boto3Async(server.Root, "kms", "RotateKeyOnDemand", new { KeyId = keyId })).Ok();
        var second = await server.EncryptAsync(keyId, "version two");
        var moved = await server.ExecuteSqlAsync("""UPDATE "KmsKeys" SET "NextRotationDate" = @when WHERE "KeyId" = @id""",
            ("@when", DateTime.UtcNow.AddMinutes(-1)), ("@id", keyId));
        var third = await server.EncryptAsync(keyId, "version three");
        var rotations = (await server.Boto3Async(server.Root, "kms", "ListKeyRotations", new { KeyId = keyId })).Ok()["Rotations"]!.AsArray();
        var decrypted = new List<string>();
        foreach (var blob in new[] { first, second, third })
        {
            var plain = (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject { ["CiphertextBlob"] = Blob(blob) })).Ok();
            decrypted.Add(Encoding.UTF8.GetString(Bytes(plain["Plaintext"])));
        }

        var tooLong = (await server.Boto3Async(server.Root, "kms", "EnableKeyRotation", new { KeyId = keyId, RotationPeriodInDays = 3000 })).Failed();
        (await server.Boto3Async(server.Root, "kms", "DisableKeyRotation", new { KeyId = keyId })).Ok();
        var off = (await server.Boto3Async(server.Root, "kms", "GetKeyRotationStatus", new { KeyId = keyId })).Ok();

        Assert.True((bool)status["KeyRotationEnabled"]!);
        Assert.Equal(90, (int)status["RotationPeriodInDays"]!);
        Assert.InRange(DateTimeOffset.Parse((string)status["NextRotationDate"], System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow.AddDays(89), DateTimeOffset.UtcNow.AddDays(91));
        Assert.Equal((string)key["Arn"], (string)onDemand["KeyId"]);
        Assert.Equal(1, moved);
        Assert.Equal([1, 2, 3], new[] { first, second, third }.Select(b => (int)b[20]));
        Assert.Equal(["ON_DEMAND", "AUTOMATIC"], rotations.Select(r => (string)r!["RotationType"]));
        Assert.Equal(["version one", "version two", "version three"], decrypted);
        Assert.Equal("ValidationException", tooLong.Code);
        Assert.False((bool)off["KeyRotationEnabled"]!);
        Assert.Null(off["RotationPeriodInDays"]);
    }

    [Fact]
    public async Task DisabledKey_RefusesEncryptAndDecryptWithDisabledException_UntilEnabled()
    {
        var key = await server.CreateKeyAsync();
        var keyId = (string)key["KeyId"];
        var blob = await server.EncryptAsync(keyId, "before");
        (await server.RunAwsAsync(server.Root, "kms", "disable-key", "--key-id", keyId)).Ok();

        var encrypt = (await server.Boto3Async(server.Root, "kms", "Encrypt", new JsonObject { ["KeyId"] = keyId, ["Plaintext"] = Blob("x") })).Failed();
        var decrypt = (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject { ["CiphertextBlob"] = Blob(blob) })).Failed();
        var described = (await server.Boto3Async(server.Root, "kms", "DescribeKey", new { KeyId = keyId })).Ok()["KeyMetadata"]!;
        (await server.RunAwsAsync(server.Root, "kms", "enable-key", "--key-id", keyId)).Ok();
        var again = await server.EncryptAsync(keyId, "after");

        Assert.Equal("DisabledException", encrypt.Type);
        Assert.Equal($"{key["Arn"]} is disabled.", encrypt.Message);
        Assert.Equal("DisabledException", decrypt.Type);
        Assert.Equal("Disabled", (string)described["KeyState"]);
        Assert.False((bool)described["Enabled"]!);
        Assert.NotEmpty(again);
    }

    [Fact]
    public async Task ScheduledDeletion_RefusesUseWithKMSInvalidStateException_AndCancelLeavesTheKeyDisabled()
    {
        var key = await server.CreateKeyAsync();
        var keyId = (string)key["KeyId"];
        var arn = (string)key["Arn"];

        var tooSoon = (await server.Boto3Async(server.Root, "kms", "ScheduleKeyDeletion", new { KeyId = keyId, PendingWindowInDays = 5 })).Failed();
        var scheduled = (await server.RunAwsAsync(server.Root, "kms", "schedule-key-deletion", "--key-id", keyId, "--pending-window-in-days", "7")).Ok();
        var encrypt = (await server.Boto3Async(server.Root, "kms", "Encrypt", new JsonObject { ["KeyId"] = keyId, ["Plaintext"] = Blob("x") })).Failed();
        var enable = (await server.Boto3Async(server.Root, "kms", "EnableKey", new { KeyId = keyId })).Failed();
        var described = (await server.Boto3Async(server.Root, "kms", "DescribeKey", new { KeyId = keyId })).Ok()["KeyMetadata"]!;
        var cancelled = (await server.Boto3Async(server.Root, "kms", "CancelKeyDeletion", new { KeyId = keyId })).Ok();
        var afterCancel = (await server.Boto3Async(server.Root, "kms", "DescribeKey", new { KeyId = keyId })).Ok()["KeyMetadata"]!;
        var cancelAgain = (await server.Boto3Async(server.Root, "kms", "CancelKeyDeletion", new { KeyId = keyId })).Failed();

        Assert.Equal("ValidationException", tooSoon.Code);
        Assert.Equal(arn, (string)scheduled["KeyId"]);
        Assert.Equal("PendingDeletion", (string)scheduled["KeyState"]);
        Assert.Equal(7, (int)scheduled["PendingWindowInDays"]!);
        Assert.InRange((double)scheduled["DeletionDate"]!, DateTimeOffset.UtcNow.AddDays(7).ToUnixTimeSeconds() - 300, DateTimeOffset.UtcNow.AddDays(7).ToUnixTimeSeconds() + 300);
        Assert.Equal("KMSInvalidStateException", encrypt.Type);
        Assert.Equal($"{arn} is pending deletion.", encrypt.Message);
        Assert.Equal("KMSInvalidStateException", enable.Type);
        Assert.Equal("PendingDeletion", (string)described["KeyState"]);
        Assert.NotNull(described["DeletionDate"]);
        Assert.Equal(7, (int)described["PendingDeletionWindowInDays"]!);
        Assert.Equal(arn, (string)cancelled["KeyId"]);
        Assert.Equal("Disabled", (string)afterCancel["KeyState"]);
        Assert.Null(afterCancel["DeletionDate"]);
        Assert.Equal("KMSInvalidStateException", cancelAgain.Type);
        Assert.Equal($"{arn} is not pending deletion.", cancelAgain.Message);
    }

    [Fact]
    public async Task PastItsDeletionDate_TheKeyIsDestroyed_WithItsMaterialAndAliases()
    {
        var key = await server.CreateKeyAsync();
        var keyId = (string)key["KeyId"];
        var alias = GitsteadServer.UniqueName("alias/doomed");
        (await server.Boto3Async(server.Root, "kms", "CreateAlias", new { AliasName = alias, TargetKeyId = keyId })).Ok();
        var blob = await server.EncryptAsync(keyId, "lost for good");
        (await server.Boto3Async(server.Root, "kms", "ScheduleKeyDeletion", new { KeyId = keyId, PendingWindowInDays = 7 })).Ok();
        await server.ExecuteSqlAsync("""UPDATE "KmsKeys" SET "DeletionDate" = @when WHERE "KeyId" = @id""", ("@when", DateTime.UtcNow.AddMinutes(-1)), ("@id", keyId));

        var described = (await server.Boto3Async(server.Root, "kms", "DescribeKey", new { KeyId = keyId })).Failed();
        var decrypt = (await server.Boto3Async(server.Root, "kms", "Decrypt", new JsonObject { ["CiphertextBlob"] = Blob(blob) })).Failed();
        var viaAlias = (await server.Boto3Async(server.Root, "kms", "DescribeKey", new { KeyId = alias })).Failed();
        var keys = (await server.Boto3Async(server.Root, "kms", "ListKeys", new { Limit = 1000 })).Ok()["Keys"]!.AsArray();
        var leftRows = await server.ExecuteSqlAsync("""UPDATE "KmsKeyMaterials" SET "Version" = "Version" WHERE "KeyKey" NOT IN (SELECT "Key" FROM "KmsKeys")""");

        Assert.Equal("NotFoundException", described.Type);
        Assert.Equal($"Key '{key["Arn"]}' does not exist", described.Message);
        Assert.Equal("NotFoundException", decrypt.Type);
        Assert.Equal("NotFoundException", viaAlias.Type);
        Assert.DoesNotContain(keys, k => (string)k!["KeyId"] == keyId);
        Assert.Equal(0, leftRows);
    }

    [Fact]
    public async Task DotNetSdk_EncryptDecryptAndDataKeys_ErrorsAreTypedExceptions()
    {
        using var kms = server.Sdk(server.Root);
        var created = await kms.CreateKeyAsync(new CreateKeyRequest { Description = "sdk key", Tags = [new Tag { TagKey = "team", TagValue = "git" }] });
        var keyId = created.KeyMetadata.KeyId;
        var context = new Dictionary<string, string> { ["purpose"] = "sdk" };

        var encrypted = await kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream("from .NET"u8.ToArray()), EncryptionContext = context });
        var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = encrypted.CiphertextBlob, EncryptionContext = context });
        var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = keyId, KeySpec = DataKeySpec.AES_256 });
        var tags = await kms.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = keyId });
        var wrongContext = await Assert.ThrowsAsync<InvalidCiphertextException>(() =>
            kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(encrypted.CiphertextBlob.ToArray()), EncryptionContext = new() { ["purpose"] = "other" } }));
        await kms.DisableKeyAsync(new DisableKeyRequest { KeyId = keyId });
        var disabled = await Assert.ThrowsAsync<DisabledException>(() => kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream([1]) }));
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = Guid.NewGuid().ToString() }));

        Assert.Equal(KeyState.Enabled, created.KeyMetadata.KeyState);
        Assert.Equal(KeyManagerType.CUSTOMER, created.KeyMetadata.KeyManager);
        Assert.Equal("from .NET", Encoding.UTF8.GetString(decrypted.Plaintext.ToArray()));
        Assert.Equal(created.KeyMetadata.Arn, decrypted.KeyId);
        Assert.Equal(32, dataKey.Plaintext.Length);
        Assert.Equal("git", Assert.Single(tags.Tags).TagValue);
        Assert.Equal("InvalidCiphertextException", wrongContext.ErrorCode);
        Assert.Equal($"{created.KeyMetadata.Arn} is disabled.", disabled.Message);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task TagsDescriptionAndListing_AsBotocoreReadsThem()
    {
        var key = await server.CreateKeyAsync(description: "before");
        var keyId = (string)key["KeyId"];

        (await server.Boto3Async(server.Root, "kms", "TagResource", new JsonObject
        {
            ["KeyId"] = keyId,
            ["Tags"] = new JsonArray(new JsonObject { ["TagKey"] = "b", ["TagValue"] = "2" }, new JsonObject { ["TagKey"] = "a", ["TagValue"] = "1" }),
        })).Ok();
        (await server.Boto3Async(server.Root, "kms", "UntagResource", new { KeyId = keyId, TagKeys = new[] { "b", "missing" } })).Ok();
        var tags = (await server.Boto3Async(server.Root, "kms", "ListResourceTags", new { KeyId = keyId })).Ok();
        var reserved = (await server.Boto3Async(server.Root, "kms", "TagResource", new JsonObject
        {
            ["KeyId"] = keyId,
            ["Tags"] = new JsonArray(new JsonObject { ["TagKey"] = "aws:x", ["TagValue"] = "1" }),
        })).Failed();
        (await server.Boto3Async(server.Root, "kms", "UpdateKeyDescription", new { KeyId = keyId, Description = "after" })).Ok();
        var described = (await server.Boto3Async(server.Root, "kms", "DescribeKey", new { KeyId = keyId })).Ok()["KeyMetadata"]!;
        var page = (await server.Boto3Async(server.Root, "kms", "ListKeys", new { Limit = 1 })).Ok();
        var next = (await server.Boto3Async(server.Root, "kms", "ListKeys", new { Limit = 1, Marker = (string)page["NextMarker"] })).Ok();
        var badMarker = (await server.Boto3Async(server.Root, "kms", "ListKeys", new { Marker = "nonsense" })).Failed();
        var rsa = (await server.Boto3Async(server.Root, "kms", "CreateKey", new { KeySpec = "RSA_2048", KeyUsage = "SIGN_VERIFY" })).Failed();
        var missing = (await server.Boto3Async(server.Root, "kms", "DescribeKey", new { KeyId = "not-a-key" })).Failed();

        Assert.True(JsonNode.DeepEquals(new JsonArray(new JsonObject { ["TagKey"] = "a", ["TagValue"] = "1" }), tags["Tags"]), tags.ToJsonString());
        Assert.Equal("TagException", reserved.Type);
        Assert.Equal("after", (string)described["Description"]);
        Assert.Equal(System.Text.Json.JsonValueKind.String, described["CreationDate"]!.GetValueKind());
        Assert.True((bool)page["Truncated"]!);
        Assert.Single(page["Keys"]!.AsArray());
        Assert.NotEqual((string)page["Keys"]![0]!["KeyId"], (string)next["Keys"]![0]!["KeyId"]);
        Assert.Equal("InvalidMarkerException", badMarker.Type);
        Assert.Equal("UnsupportedOperationException", rsa.Type);
        Assert.Equal("NotFoundException", missing.Type);
        Assert.Equal("Invalid keyId not-a-key", missing.Message);
    }
}

public sealed class KmsKeyUseOnSqlite(SqliteServer server) : KmsKeyUseTests<SqliteServer>(server);

public sealed class KmsKeyUseOnPostgres(PostgresServer server) : KmsKeyUseTests<PostgresServer>(server);
