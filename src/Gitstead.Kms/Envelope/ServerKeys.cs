using System.Security.Cryptography;
using Gitstead.Storage;
using Microsoft.Extensions.Options;

namespace Gitstead.Kms.Envelope;

/// <summary>
/// The server's own key material, kept in files of the data directory (owner-only), never in
/// the database: the ring of root keys that wrap every data key (<see cref="RootKeyRing"/>;
/// the current one may come from configuration instead), and the key of the keyed hash that
/// protects Git credential passwords and session tokens. Several nodes share them through
/// the shared data directory.
/// </summary>
public sealed class ServerKeys
{
    private const int KeyBytes = 32;

    public ServerKeys(DataDirectory dataDir, IOptions<RootKeyOptions> rootKeyOptions)
    {
        dataDir.EnsureCreated();
        Ring = new RootKeyRing(dataDir.KeysDirectory, rootKeyOptions.Value);
        CredentialHashKey = LoadOrCreate(Path.Combine(dataDir.KeysDirectory, "credential-hash.key"));
    }

    /// <summary>The root keys: the current one seals, every member opens.</summary>
    public RootKeyRing Ring { get; }

    /// <summary>Short public identifier of the current root key, stored beside each ciphertext it seals.</summary>
    public string RootKeyId => Ring.Current.Id;

    /// <summary>HMAC-SHA-256 key for high-entropy secrets that need not be recovered.</summary>
    internal byte[] CredentialHashKey { get; }

    private static byte[] LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            // Another node or process may create it first: the first file wins, and both use it.
            DataDirectory.WriteSecretFileAtomically(path, RandomNumberGenerator.GetBytes(KeyBytes), replace: false);
        }

        var existing = File.ReadAllBytes(path);
        return existing.Length == KeyBytes
            ? existing
            : throw new InvalidOperationException($"Key file {path} is damaged: expected {KeyBytes} bytes.");
    }
}
