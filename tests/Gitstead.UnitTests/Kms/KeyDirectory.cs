using Gitstead.Kms.Envelope;
using Gitstead.Storage;
using Microsoft.Extensions.Options;

namespace Gitstead.UnitTests.Kms;

/// <summary>A fresh data directory whose keys the tests open as servers and a rotation would.</summary>
internal sealed class KeyDirectory : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("gitstead-keys-").FullName;

    public string Keys => Path.Combine(Root, "keys");

    public string CurrentFile => Path.Combine(Keys, RootKeyRing.CurrentFileName);

    /// <summary>What a server process builds at start.</summary>
    public ServerKeys Open(RootKeyOptions options = null) =>
        new(new DataDirectory(Root), Options.Create(options ?? new RootKeyOptions()));

    public static EnvelopeEncryption Envelope(ServerKeys keys) => new(keys);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
