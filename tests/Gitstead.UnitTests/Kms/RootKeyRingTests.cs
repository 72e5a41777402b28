using System.Security.Cryptography;
using Gitstead.Kms.Envelope;
using Gitstead.Storage;
using Xunit;

namespace Gitstead.UnitTests.Kms;

/// <summary>
/// The root key ring as several server processes see it: an existing single root.key keeps
/// working, a rotation by another process is noticed before the next seal and on the first blob
/// under an unknown key, and a configured key takes the files' place.
/// </summary>
public sealed class RootKeyRingTests : IDisposable
{
    private const string Context = "session-key:ASIAEXAMPLE";
    private readonly KeyDirectory _keys = new();

    [Fact]
    public void Open_DataDirectoryWithOneRootKeyFile_UsesItAndChangesNothing()
    {
        // Arrange
        Directory.CreateDirectory(_keys.Keys);
        var material = RandomNumberGenerator.GetBytes(32);
        File.WriteAllBytes(_keys.CurrentFile, material);
        var written = File.GetLastWriteTimeUtc(_keys.CurrentFile);

        // Act
        var server = _keys.Open();

        // Assert
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(material).AsSpan(0, 8)), server.RootKeyId);
        Assert.Empty(server.Ring.Retired);
        Assert.Equal(material, File.ReadAllBytes(_keys.CurrentFile));
        Assert.Equal(written, File.GetLastWriteTimeUtc(_keys.CurrentFile));
        Assert.False(Directory.Exists(server.Ring.RetiredDirectory));
    }

    [Fact]
    public void Encrypt_AfterAnotherProcessMadeANewKeyCurrent_SealsUnderTheNewKey()
    {
        // Arrange: two processes on one data directory.
        var running = _keys.Open();
        var rotating = _keys.Open();
        var old = running.RootKeyId;

        // Act
        var current = rotating.Ring.BeginRotation();
        var blob = KeyDirectory.Envelope(running).Encrypt("secret", Context);

        // Assert
        Assert.NotEqual(old, current.Id);
        Assert.Equal(current.Id, EnvelopeEncryption.RootKeyIdOf(blob));
        Assert.Equal([old], running.Ring.Retired.Select(k => k.Id));
    }

    [Fact]
    public void Decrypt_BlobUnderAKeyThisProcessHasNotSeen_ReadsTheRingAgain()
    {
        // Arrange
        var running = _keys.Open();
        var rotating = _keys.Open();
        rotating.Ring.BeginRotation();
        var blob = KeyDirectory.Envelope(rotating).Encrypt("secret", Context);

        // Act
        var plain = KeyDirectory.Envelope(running).Decrypt(blob, Context);

        // Assert
        Assert.Equal("secret", plain);
    }

    [Fact]
    public void RemoveRetiredFiles_AfterRotation_DeletesTheOldKeyAndKeepsTheCurrentOne()
    {
        // Arrange
        var server = _keys.Open();
        var old = KeyDirectory.Envelope(server).Encrypt("old", Context);
        var current = server.Ring.BeginRotation();

        // Act
        var removed = server.Ring.RemoveRetiredFiles();

        // Assert
        Assert.Equal([EnvelopeEncryption.RootKeyIdOf(old)], removed);
        Assert.Empty(Directory.EnumerateFiles(server.Ring.RetiredDirectory));
        Assert.Equal(current.Id, _keys.Open().RootKeyId);
        Assert.Throws<CryptographicException>(() => KeyDirectory.Envelope(_keys.Open()).Decrypt(old, Context));
    }

    [Fact]
    public void BeginRotation_KilledAfterTheCopyBeforeTheSwitch_NextRunSeesNoRetiredKey()
    {
        // Arrange: the first step of a rotation, the copy of the current key, and nothing more.
        var server = _keys.Open();
        Directory.CreateDirectory(server.Ring.RetiredDirectory);
        File.Copy(_keys.CurrentFile, Path.Combine(server.Ring.RetiredDirectory, server.RootKeyId + ".key"));

        // Act
        var restarted = _keys.Open();

        // Assert: the ring holds one key, so the next run starts a rotation rather than resuming one.
        Assert.Empty(restarted.Ring.Retired);
        Assert.Empty(restarted.Ring.RemoveRetiredFiles());
    }

    [Fact]
    public void Open_RootKeyFromConfiguration_SealsUnderItAndOpensWhatTheKeyFileSealed()
    {
        // Arrange
        var fromFile = KeyDirectory.Envelope(_keys.Open()).Encrypt("sealed before", Context);
        var configured = RandomNumberGenerator.GetBytes(32);

        // Act
        var server = _keys.Open(new RootKeyOptions { RootKey = Convert.ToBase64String(configured) });
        var envelope = KeyDirectory.Envelope(server);

        // Assert
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(configured).AsSpan(0, 8)), server.RootKeyId);
        Assert.True(server.Ring.FromConfiguration);
        Assert.Equal("sealed before", envelope.Decrypt(fromFile, Context));
        Assert.Equal([EnvelopeEncryption.RootKeyIdOf(fromFile)], server.Ring.Retired.Select(k => k.Id));
        Assert.Equal(server.RootKeyId, EnvelopeEncryption.RootKeyIdOf(envelope.Encrypt("new", Context)));
    }

    [Fact]
    public void Open_RetiredKeyFromConfiguration_OpensWhatItSealed()
    {
        var old = RandomNumberGenerator.GetBytes(32);
        var sealedUnderOld = KeyDirectory.Envelope(_keys.Open(new RootKeyOptions { RootKey = Convert.ToBase64String(old) })).Encrypt("s", Context);

        var server = _keys.Open(new RootKeyOptions
        {
            RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            RetiredRootKeys = [Convert.ToBase64String(old)],
        });

        Assert.Equal("s", KeyDirectory.Envelope(server).Decrypt(sealedUnderOld, Context));
        Assert.False(File.Exists(_keys.CurrentFile), "a configured root key must not create root.key");
    }

    [Fact]
    public void Open_ConfiguredKeyOfTheWrongLength_FailsNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            _keys.Open(new RootKeyOptions { RootKey = Convert.ToBase64String(new byte[16]) }));

        Assert.Contains("Gitstead:RootKey", error.Message);
    }

    [Fact]
    public void WriteSecretFileAtomically_FileExistsAndNotReplacing_KeepsTheFirstFile()
    {
        Directory.CreateDirectory(_keys.Keys);
        var path = Path.Combine(_keys.Keys, "probe.key");

        var first = DataDirectory.WriteSecretFileAtomically(path, [1, 2, 3], replace: false);
        var second = DataDirectory.WriteSecretFileAtomically(path, [4, 5, 6], replace: false);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal(["probe.key"], Directory.EnumerateFiles(_keys.Keys).Select(Path.GetFileName));
    }

    public void Dispose() => _keys.Dispose();
}
