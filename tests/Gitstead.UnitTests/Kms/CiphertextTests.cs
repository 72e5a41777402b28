using System.Security.Cryptography;
using System.Text;
using Gitstead.Kms.Crypto;
using Xunit;

namespace Gitstead.UnitTests.Kms;

/// <summary>
/// The KMS ciphertext blob names its key and material version in a header that, with the
/// canonical encryption context, is authenticated: nothing in it can change unnoticed.
/// </summary>
public sealed class CiphertextTests
{
    private static readonly Guid KeyId = Guid.Parse("1234abcd-12ab-34cd-56ef-1234567890ab");
    private static readonly byte[] Material = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("attack at dawn");

    [Fact]
    public void Seal_ThenOpenWithTheSameContext_ReturnsThePlaintext()
    {
        // Arrange
        var context = Context(("purpose", "test"), ("team", "git"));

        // Act
        var blob = Ciphertext.Seal(KeyId, 3, Material, Secret, context);
        var opened = Ciphertext.TryOpen(blob, Material, context, out var plaintext);

        // Assert
        Assert.True(opened);
        Assert.Equal(Secret, plaintext);
        Assert.Equal(Ciphertext.Overhead + Secret.Length, blob.Length);
    }

    [Fact]
    public void TryReadHeader_SealedBlob_NamesItsKeyAndVersion()
    {
        // Arrange
        var blob = Ciphertext.Seal(KeyId, 7, Material, Secret, null);

        // Act
        var read = Ciphertext.TryReadHeader(blob, out var keyId, out var version);

        // Assert
        Assert.True(read);
        Assert.Equal(KeyId, keyId);
        Assert.Equal(7, version);
        Assert.Equal(1, blob[0]);
        Assert.Equal(KeyId.ToByteArray(bigEndian: true), blob[1..17]);
    }

    [Theory]
    [InlineData("other", "test")]
    [InlineData("purpose", "Test")]
    public void TryOpen_DifferentContext_Fails(string key, string value)
    {
        // Arrange
        var blob = Ciphertext.Seal(KeyId, 1, Material, Secret, Context(("purpose", "test")));

        // Act
        var opened = Ciphertext.TryOpen(blob, Material, Context((key, value)), out _);

        // Assert
        Assert.False(opened);
    }

    [Fact]
    public void TryOpen_NoContextForABlobMadeWithOne_Fails()
    {
        // Arrange
        var blob = Ciphertext.Seal(KeyId, 1, Material, Secret, Context(("purpose", "test")));

        // Act
        var opened = Ciphertext.TryOpen(blob, Material, null, out _);

        // Assert
        Assert.False(opened);
    }

    [Fact]
    public void TryOpen_ContextGivenInAnotherOrder_Opens()
    {
        // Arrange
        var forward = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" };
        var backward = new Dictionary<string, string> { ["c"] = "3", ["b"] = "2", ["a"] = "1" };
        var blob = Ciphertext.Seal(KeyId, 1, Material, Secret, forward);

        // Act
        var opened = Ciphertext.TryOpen(blob, Material, backward, out var plaintext);

        // Assert
        Assert.True(opened);
        Assert.Equal(Secret, plaintext);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(Ciphertext.HeaderSize + 3)]
    [InlineData(Ciphertext.Overhead)]
    public void TryOpen_AnyByteChanged_Fails(int offset)
    {
        // Arrange
        var blob = Ciphertext.Seal(KeyId, 1, Material, Secret, null);
        blob[offset] ^= 0x01;

        // Act
        var opened = Ciphertext.TryOpen(blob, Material, null, out _);

        // Assert
        Assert.False(opened);
    }

    [Fact]
    public void TryOpen_OtherMaterial_Fails()
    {
        // Arrange
        var blob = Ciphertext.Seal(KeyId, 1, Material, Secret, null);

        // Act
        var opened = Ciphertext.TryOpen(blob, RandomNumberGenerator.GetBytes(32), null, out _);

        // Assert
        Assert.False(opened);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2, 0, 0 })]
    public void TryReadHeader_NotABlobOfThisFormat_False(byte[] blob)
    {
        // Act
        var read = Ciphertext.TryReadHeader(blob, out _, out _);

        // Assert
        Assert.False(read);
    }

    [Fact]
    public void Canonical_MapOrder_DoesNotMatter()
    {
        // Arrange
        var one = new Dictionary<string, string> { ["zeta"] = "1", ["alpha"] = "2", ["Émile"] = "3" };
        var two = new Dictionary<string, string> { ["Émile"] = "3", ["zeta"] = "1", ["alpha"] = "2" };

        // Act
        var first = EncryptionContexts.Canonical(one);
        var second = EncryptionContexts.Canonical(two);

        // Assert
        Assert.Equal(first, second);
    }

    [Fact]
    public void Canonical_KeyAndValueBoundaries_AreKept()
    {
        // Act
        var joined = EncryptionContexts.Canonical(Context(("ab", "c")));
        var split = EncryptionContexts.Canonical(Context(("a", "bc")));

        // Assert
        Assert.NotEqual(joined, split);
    }

    [Fact]
    public void Canonical_EmptyOrAbsent_IsTheSameZeroCount()
    {
        // Act
        var absent = EncryptionContexts.Canonical(null);
        var empty = EncryptionContexts.Canonical(new Dictionary<string, string>());

        // Assert
        Assert.Equal(new byte[4], absent);
        Assert.Equal(absent, empty);
    }

    [Fact]
    public void Canonical_OnePair_IsLengthPrefixedUtf8SortedByKeyBytes()
    {
        // Act
        var bytes = EncryptionContexts.Canonical(Context(("b", "é"), ("a", "x")));

        // Assert: count 2, then "a"→"x", then "b"→"é" (two UTF-8 bytes).
        byte[] expected = [0, 0, 0, 2, 0, 0, 0, 1, (byte)'a', 0, 0, 0, 1, (byte)'x', 0, 0, 0, 1, (byte)'b', 0, 0, 0, 2, 0xC3, 0xA9];
        Assert.Equal(expected, bytes);
    }

    private static Dictionary<string, string> Context(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
