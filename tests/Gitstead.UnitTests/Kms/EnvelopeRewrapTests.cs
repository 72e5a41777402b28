using System.Security.Cryptography;
using Gitstead.Kms.Envelope;
using Xunit;

namespace Gitstead.UnitTests.Kms;

/// <summary>Re-wrapping one blob: only the wrapped data key changes, and only a blob that opens is re-wrapped.</summary>
public sealed class EnvelopeRewrapTests : IDisposable
{
    private const string Context = "access-key:AKIAEXAMPLE";
    private readonly KeyDirectory _keys = new();

    [Fact]
    public void Rewrap_BlobUnderRetiredKey_OpensUnderTheNewKeyWithTheSealedPartUnchanged()
    {
        // Arrange
        var server = _keys.Open();
        var envelope = KeyDirectory.Envelope(server);
        var old = server.RootKeyId;
        var blob = envelope.Encrypt("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Context);
        var current = server.Ring.BeginRotation();

        // Act
        var rewrapped = envelope.Rewrap(blob, Context);

        // Assert
        Assert.NotNull(rewrapped);
        Assert.Equal(old, EnvelopeEncryption.RootKeyIdOf(blob));
        Assert.Equal(current.Id, EnvelopeEncryption.RootKeyIdOf(rewrapped));
        Assert.Equal(blob.AsSpan(69).ToArray(), rewrapped.AsSpan(69).ToArray());
        Assert.NotEqual(blob.AsSpan(9, 60).ToArray(), rewrapped.AsSpan(9, 60).ToArray());
        server.Ring.RemoveRetiredFiles();
        var restarted = KeyDirectory.Envelope(_keys.Open());
        Assert.Equal("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", restarted.Decrypt(rewrapped, Context));
        Assert.Throws<CryptographicException>(() => restarted.Decrypt(blob, Context));
    }

    [Fact]
    public void Rewrap_BlobAlreadyUnderTheCurrentKey_ReturnsNull()
    {
        var envelope = KeyDirectory.Envelope(_keys.Open());
        var blob = envelope.Encrypt("secret", Context);

        Assert.Null(envelope.Rewrap(blob, Context));
    }

    [Fact]
    public void Rewrap_WrongContext_ThrowsAndProducesNothing()
    {
        var server = _keys.Open();
        var envelope = KeyDirectory.Envelope(server);
        var blob = envelope.Encrypt("secret", Context);
        server.Ring.BeginRotation();

        Assert.ThrowsAny<CryptographicException>(() => envelope.Rewrap(blob, "access-key:AKIAOTHER"));
    }

    [Fact]
    public void Rewrap_DamagedCiphertext_Throws()
    {
        var server = _keys.Open();
        var envelope = KeyDirectory.Envelope(server);
        var blob = envelope.Encrypt("secret", Context);
        blob[^1] ^= 1;
        server.Ring.BeginRotation();

        Assert.ThrowsAny<CryptographicException>(() => envelope.Rewrap(blob, Context));
    }

    public void Dispose() => _keys.Dispose();
}
