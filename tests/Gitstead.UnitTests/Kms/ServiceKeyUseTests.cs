using Gitstead.Aws;
using Gitstead.Kms;
using Gitstead.Kms.Aliases;
using Gitstead.Kms.KeyPolicies;
using Gitstead.Kms.Keys;
using Gitstead.UnitTests.Iam;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gitstead.UnitTests.Kms;

/// <summary>
/// KMS as CodeCommit uses it, over the real key service and authorizer on SQLite: the AWS
/// managed key made once, data keys through the service, and the key's rules on the way back.
/// </summary>
public sealed class ServiceKeyUseTests
{
    private static readonly Dictionary<string, string> RepositoryContext = new() { ["aws:codecommit:id"] = "3b2d8a4e-0000-4000-8000-000000000001" };

    [Fact]
    public async Task GetOrCreateAwsManagedKeyAsync_ConcurrentFirstCalls_MakeOneKeyWithItsAlias()
    {
        // Arrange
        await using var db = await IamDatabase.CreateAsync();
        var kms = db.Get<IServiceKeyUse>();

        // Act
        var keys = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => kms.GetOrCreateAwsManagedKeyAsync(db.AccountId, "us-east-1", "codecommit", default))));
        var again = await kms.GetOrCreateAwsManagedKeyAsync(db.AccountId, "us-east-1", "codecommit", default);
        var otherRegion = await kms.GetOrCreateAwsManagedKeyAsync(db.AccountId, "eu-west-1", "codecommit", default);

        // Assert
        Assert.Single(keys.Select(k => k.KeyId).Distinct());
        Assert.Equal(keys[0], again);
        Assert.Equal("AWS", again.KeyManager);
        Assert.Equal("Enabled", again.KeyState);
        Assert.Equal("ENCRYPT_DECRYPT", again.KeyUsage);
        Assert.Equal($"arn:aws:kms:us-east-1:{db.AccountId}:key/{again.KeyId}", again.Arn);
        Assert.NotEqual(again.KeyId, otherRegion.KeyId);
        await using var context = db.Db.Create();
        Assert.Equal(2, await context.KmsKeys.CountAsync());
        Assert.Equal(["alias/aws/codecommit", "alias/aws/codecommit"], await context.KmsAliases.Select(a => a.AliasName).ToListAsync());
        var stored = await context.KmsKeys.FirstAsync(k => k.KeyId == again.KeyId);
        Assert.Equal("Default key that protects my CodeCommit repositories when no other key is defined", stored.Description);
        Assert.Contains("\"kms:ViaService\" : \"codecommit.us-east-1.amazonaws.com\"", stored.Policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateDataKeyAsync_ThenDecryptAsync_AUserWithNoPolicyThroughTheService_GetsTheSameKey()
    {
        // Arrange: the managed key policy lets every principal of the account use it through CodeCommit.
        await using var db = await IamDatabase.CreateAsync();
        var kms = db.Get<IServiceKeyUse>();
        var key = await kms.GetOrCreateAwsManagedKeyAsync(db.AccountId, "us-east-1", "codecommit", default);
        var bob = db.CallAs(await db.AddUserAsync("bob"));

        // Act
        var dataKey = await kms.GenerateDataKeyAsync(bob, "codecommit", "alias/aws/codecommit", RepositoryContext, default);
        var plaintext = await kms.DecryptAsync(bob, "codecommit", key.Arn, dataKey.CiphertextBlob, RepositoryContext, default);

        // Assert
        Assert.Equal(32, dataKey.Plaintext.Length);
        Assert.Equal(key.Arn, dataKey.KeyArn);
        Assert.Equal(dataKey.Plaintext, plaintext);
    }

    [Theory]
    [InlineData("kms:Decrypt", "kms:Decrypt")]
    [InlineData("kms:GenerateDataKey", "kms:GenerateDataKey")]
    [InlineData("kms:Describe*", null)]
    public async Task DecryptForWriteAsync_NeedsDecryptAndGenerateDataKey_DecidedTogether_NamingTheRefusedOne(string denied, string? refused)
    {
        // Arrange: the managed key lets everyone of the account use it through CodeCommit; bob's own policy denies one action.
        await using var db = await IamDatabase.CreateAsync();
        var kms = db.Get<IServiceKeyUse>();
        var key = await kms.GetOrCreateAwsManagedKeyAsync(db.AccountId, "us-east-1", "codecommit", default);
        var user = await db.AddUserAsync("bob");
        var bob = db.CallAs(user);
        var dataKey = await kms.GenerateDataKeyAsync(bob, "codecommit", key.Arn, RepositoryContext, default);
        await using (var context = db.Db.Create())
        {
            context.InlinePolicies.Add(new Gitstead.Storage.Entities.InlinePolicy
            {
                AccountId = db.AccountId,
                PrincipalType = "user",
                PrincipalKey = user.Key,
                PolicyName = "Deny",
                Document = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"{{denied}}","Resource":"*"}]}""",
            });
            await context.SaveChangesAsync();
        }

        // Act
        var attempt = () => kms.DecryptForWriteAsync(bob, "codecommit", key.Arn, dataKey.CiphertextBlob, RepositoryContext, default);

        // Assert
        if (refused is null)
        {
            Assert.Equal(dataKey.Plaintext, await attempt());
        }
        else
        {
            var error = await Assert.ThrowsAsync<AccessDeniedException>(attempt);
            Assert.Equal(refused, error.Action);
            Assert.Contains($"perform: {refused} ", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DecryptAsync_OtherContextOrOtherKey_InvalidCiphertextOrIncorrectKey()
    {
        // Arrange
        await using var db = await IamDatabase.CreateAsync();
        var kms = db.Get<IServiceKeyUse>();
        var managed = await kms.GetOrCreateAwsManagedKeyAsync(db.AccountId, "us-east-1", "codecommit", default);
        var customer = await db.Get<KeyService>().CreateAsync(KmsCall.Direct(db.RootCall), new NewKey(), default);
        var dataKey = await kms.GenerateDataKeyAsync(db.RootCall, "codecommit", managed.KeyId, RepositoryContext, default);

        // Act
        var otherContext = await Assert.ThrowsAsync<AwsServiceException>(() =>
            kms.DecryptAsync(db.RootCall, "codecommit", managed.KeyId, dataKey.CiphertextBlob, new Dictionary<string, string> { ["aws:codecommit:id"] = "another" }, default));
        var otherKey = await Assert.ThrowsAsync<AwsServiceException>(() =>
            kms.DecryptAsync(db.RootCall, "codecommit", customer.KeyId, dataKey.CiphertextBlob, RepositoryContext, default));

        // Assert
        Assert.Equal("InvalidCiphertextException", otherContext.Code);
        Assert.Equal("IncorrectKeyException", otherKey.Code);
    }

    [Fact]
    public async Task ManagedKey_UsedDirectlyRatherThanThroughTheService_AccessDenied()
    {
        // Arrange: outside CodeCommit, kms:ViaService is absent and only Describe*/Get*/List* are open.
        await using var db = await IamDatabase.CreateAsync();
        var kms = db.Get<IServiceKeyUse>();
        var managed = await kms.GetOrCreateAwsManagedKeyAsync(db.AccountId, "us-east-1", "codecommit", default);

        // Act
        var other = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            kms.GenerateDataKeyAsync(db.RootCall, "codepipeline", managed.KeyId, RepositoryContext, default));
        var direct = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            db.Get<KeyService>().DisableAsync(KmsCall.Direct(db.RootCall), managed.KeyId, default));
        var described = await db.Get<KeyService>().DescribeAsync(KmsCall.Direct(db.RootCall), "alias/aws/codecommit", default);

        // Assert
        Assert.Equal("kms:GenerateDataKey", other.Action);
        Assert.Equal(DecidingPolicy.ResourceBased, direct.Result.DecidedBy);
        Assert.Equal(managed.KeyId, described.KeyId);
    }

    [Fact]
    public async Task DescribeAsync_DisabledKey_DescribesIt_ButGenerateDataKeyRaisesDisabledException()
    {
        // Arrange
        await using var db = await IamDatabase.CreateAsync();
        var kms = db.Get<IServiceKeyUse>();
        var keys = db.Get<KeyService>();
        var root = KmsCall.Direct(db.RootCall);
        var key = await keys.CreateAsync(root, new NewKey(Description: "repository key"), default);
        await keys.DisableAsync(root, key.KeyId, default);

        // Act
        var described = await kms.DescribeAsync(db.RootCall, "codecommit", key.Arn, default);
        var refused = await Assert.ThrowsAsync<AwsServiceException>(() => kms.GenerateDataKeyAsync(db.RootCall, "codecommit", key.KeyId, RepositoryContext, default));
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => kms.DescribeAsync(db.RootCall, "codecommit", "alias/none", default));

        // Assert
        Assert.Equal(new ServiceKey(key.KeyId, key.Arn, "Disabled", "CUSTOMER", "ENCRYPT_DECRYPT"), described);
        Assert.Equal("DisabledException", refused.Code);
        Assert.Equal($"{key.Arn} is disabled.", refused.Message);
        Assert.Equal("NotFoundException", missing.Code);
        Assert.Equal($"Alias arn:aws:kms:us-east-1:{db.AccountId}:alias/none is not found.", missing.Message);
    }

    [Fact]
    public async Task RotationDue_NewDataKeysUseTheNewVersion_OldCiphertextStillDecrypts()
    {
        // Arrange
        await using var db = await IamDatabase.CreateAsync();
        var kms = db.Get<IServiceKeyUse>();
        var managed = await kms.GetOrCreateAwsManagedKeyAsync(db.AccountId, "us-east-1", "codecommit", default);
        var before = await kms.GenerateDataKeyAsync(db.RootCall, "codecommit", managed.KeyId, RepositoryContext, default);

        // Act: a year later, the managed key's yearly rotation is due.
        db.Time.Advance(TimeSpan.FromDays(366));
        var after = await kms.GenerateDataKeyAsync(db.Call(Caller.Root(db.AccountId)), "codecommit", managed.KeyId, RepositoryContext, default);
        var old = await kms.DecryptAsync(db.RootCall, "codecommit", managed.KeyId, before.CiphertextBlob, RepositoryContext, default);

        // Assert
        Assert.Equal(1, before.CiphertextBlob[20]);
        Assert.Equal(2, after.CiphertextBlob[20]);
        Assert.Equal(before.Plaintext, old);
        await using var context = db.Db.Create();
        Assert.Equal([1, 2], await context.KmsKeyMaterials.Select(m => m.Version).OrderBy(v => v).ToListAsync());
    }

    [Fact]
    public async Task Sweep_PastTheDeletionDate_DestroysTheKeyAndItsMaterial()
    {
        // Arrange
        await using var db = await IamDatabase.CreateAsync();
        var keys = db.Get<KeyService>();
        var root = KmsCall.Direct(db.RootCall);
        var doomed = await keys.CreateAsync(root, new NewKey(), default);
        var kept = await keys.CreateAsync(root, new NewKey(), default);
        await keys.ScheduleDeletionAsync(root, doomed.KeyId, 7, default);

        // Act
        var early = await db.Get<KeyLifecycle>().SweepAsync(default);
        db.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        var due = await db.Get<KeyLifecycle>().SweepAsync(default);
        var gone = await Assert.ThrowsAsync<AwsServiceException>(() => keys.DescribeAsync(root, doomed.KeyId, default));

        // Assert
        Assert.Equal(0, early.Destroyed);
        Assert.Equal(1, due.Destroyed);
        Assert.Equal("NotFoundException", gone.Code);
        await using var context = db.Db.Create();
        Assert.Equal([kept.KeyId], await context.KmsKeys.Select(k => k.KeyId).ToListAsync());
        Assert.Equal(1, await context.KmsKeyMaterials.CountAsync());
    }

    [Fact]
    public async Task SealedMaterial_IsNotThePlainMaterial_AndOpensOnlyForItsKeyAndVersion()
    {
        // Arrange
        await using var db = await IamDatabase.CreateAsync();
        var key = await db.Get<KeyService>().CreateAsync(KmsCall.Direct(db.RootCall), new NewKey(), default);
        await using var context = db.Db.Create();
        var material = await context.KmsKeyMaterials.SingleAsync();
        var materials = db.Get<KeyMaterials>();

        // Act
        var plain = materials.Open(key.Arn, material);
        var moved = Record.Exception(() => materials.Open(key.Arn.Replace(key.KeyId, Guid.NewGuid().ToString(), StringComparison.Ordinal), material));

        // Assert
        Assert.Equal(32, plain.Length);
        Assert.Equal(-1, material.SealedMaterial.AsSpan().IndexOf(plain));
        Assert.IsType<System.Security.Cryptography.AuthenticationTagMismatchException>(moved);
    }

    [Fact]
    public async Task ManagedKey_ListedOnceCreated_AndNoCustomerMayChangeIt()
    {
        // Arrange
        await using var db = await IamDatabase.CreateAsync();
        var root = KmsCall.Direct(db.RootCall);
        var aliases = db.Get<AliasService>();
        var before = await aliases.ListAsync(root, null, PageRequest.First(100), default);
        var managed = await db.Get<IServiceKeyUse>().GetOrCreateAwsManagedKeyAsync(db.AccountId, "us-east-1", "codecommit", default);
        var keys = db.Get<KeyService>();
        var rotation = db.Get<KeyRotationService>();

        // Act
        var after = await aliases.ListAsync(root, null, PageRequest.First(100), default);
        var described = await keys.DescribeAsync(root, managed.KeyId, default);
        var status = await rotation.GetStatusAsync(root, managed.KeyId, default);
        var policy = await db.Get<KeyPolicyService>().GetAsync(root, managed.KeyId, null, default);
        var refused = new[]
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => db.Get<KeyPolicyService>().PutAsync(root, managed.KeyId, null, policy, false, default)),
            await Assert.ThrowsAsync<AccessDeniedException>(() => keys.ScheduleDeletionAsync(root, managed.KeyId, 7, default)),
            await Assert.ThrowsAsync<AccessDeniedException>(() => keys.UpdateDescriptionAsync(root, managed.KeyId, "mine now", default)),
            await Assert.ThrowsAsync<AccessDeniedException>(() => rotation.DisableAsync(root, managed.KeyId, default)),
        };
        var deleteAlias = await Assert.ThrowsAsync<AwsServiceException>(() => aliases.DeleteAsync(root, "alias/aws/codecommit", default));

        // Assert
        Assert.Empty(before.Items);
        var entry = Assert.Single(after.Items);
        Assert.Equal(("alias/aws/codecommit", managed.KeyId), (entry.AliasName, entry.TargetKeyId));
        Assert.Equal("AWS", described.KeyManager);
        Assert.Equal("Default key that protects my CodeCommit repositories when no other key is defined", described.Description);
        Assert.True(status.Enabled);
        Assert.Equal(365, status.PeriodInDays);
        Assert.All(refused, r => Assert.Equal(DecidingPolicy.ResourceBased, r.Result.DecidedBy));
        Assert.Equal("NotAuthorizedException", deleteAlias.Code);
    }

    [Fact]
    public async Task SweepService_TimerTicksPastTheDeletionDate_DestroysTheKeyWithoutAnyoneUsingIt()
    {
        // Arrange
        await using var db = await IamDatabase.CreateAsync();
        var keys = db.Get<KeyService>();
        var root = KmsCall.Direct(db.RootCall);
        var doomed = await keys.CreateAsync(root, new NewKey(), default);
        await keys.ScheduleDeletionAsync(root, doomed.KeyId, 7, default);
        var sweep = db.Get<IEnumerable<Microsoft.Extensions.Hosting.IHostedService>>().OfType<KeyLifecycleSweep>().Single();
        await sweep.StartAsync(default);

        // Act
        db.Time.Advance(TimeSpan.FromDays(8));
        var left = -1;
        for (var i = 0; i < 100 && left != 0; i++)
        {
            await Task.Delay(50);
            await using var context = db.Db.Create();
            left = await context.KmsKeys.CountAsync();
        }

        await sweep.StopAsync(default);

        // Assert
        Assert.Equal(0, left);
    }
}
