using Gitstead.Kms.Envelope;
using Gitstead.Kms.RootKeys;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Gitstead.UnitTests.Auth;
using Xunit;

namespace Gitstead.UnitTests.Kms;

/// <summary>A sealed column over SQLite: every row read across pages, a blob replaced only while it is still the one read.</summary>
public sealed class SealedColumnTests
{
    [Fact]
    public async Task ReplaceAsync_BlobChangedSinceRead_ReturnsFalseAndKeepsTheChange()
    {
        // Arrange
        await using var db = await AuthDatabase.CreateAsync();
        await db.AddAccessKeyAsync("AKIAEXAMPLE00000001", "first secret");
        var column = Column(db);
        var read = await ReadAllAsync(column);
        var concurrent = db.Get<EnvelopeEncryption>().Encrypt("changed secret", SecretPurposes.AccessKey("AKIAEXAMPLE00000001"));
        await column.ReplaceAsync(read[0], concurrent, CancellationToken.None);

        // Act
        var replaced = await column.ReplaceAsync(read[0], [1, 2, 3], CancellationToken.None);

        // Assert
        Assert.False(replaced);
        Assert.Equal(concurrent, (await ReadAllAsync(column))[0].Blob);
    }

    [Fact]
    public async Task ReadAsync_MoreRowsThanAPage_ReadsEachOnceWithItsContext()
    {
        await using var db = await AuthDatabase.CreateAsync();
        var ids = Enumerable.Range(0, 300).Select(i => $"AKIAEXAMPLE{i:D8}").ToList();
        foreach (var (id, slot) in ids.Select((id, i) => (id, i)))
        {
            await db.AddAsync(new AccessKey
            {
                AccessKeyId = id,
                AccountId = AuthDatabase.AccountId,
                Slot = slot,
                SecretCiphertext = db.Get<EnvelopeEncryption>().Encrypt("s", SecretPurposes.AccessKey(id)),
                Status = "Active",
            });
        }

        var read = await ReadAllAsync(Column(db));

        Assert.Equal(ids, read.Select(s => s.RowId));
        Assert.All(read, s => Assert.Equal("s", db.Get<EnvelopeEncryption>().Decrypt(s.Blob, s.Context)));
    }

    private static SealedColumn<AccessKey, string> Column(AuthDatabase db) =>
        new(db.Get<IGitsteadDb>(), "access keys", k => k.AccessKeyId, k => k.SecretCiphertext, k => SecretPurposes.AccessKey(k.AccessKeyId));

    private static async Task<List<SealedSecret>> ReadAllAsync(ISealedSecretSource source)
    {
        var all = new List<SealedSecret>();
        await foreach (var secret in source.ReadAsync(CancellationToken.None))
        {
            all.Add(secret);
        }

        return all;
    }
}
