using System.Security.Cryptography;
using Gitstead.Storage;

namespace Gitstead.Kms.Envelope;

/// <summary>
/// The server's own key material, kept in files of the data directory (owner-only), never in
/// the database: the root key that wraps every data key, and the key of the keyed hash that
/// protects Git credential passwords and session tokens. Several nodes share them through
/// the shared data directory.
/// </summary>
public sealed class ServerKeys
{
    private const int KeyBytes = 32;

    public ServerKeys(DataDirectory dataDir)
    {
        dataDir.EnsureCreated();
        RootKey = LoadOrCreate(Path.Combine(dataDir.KeysDirectory, "root.key"));
        CredentialHashKey = LoadOrCreate(Path.Combine(dataDir.KeysDirectory, "credential-hash.key"));
        RootKeyId = Convert.ToHexStringLower(SHA256.HashData(RootKey).AsSpan(0, 8));
    }

    /// <summary>Wraps data keys; never leaves the process.</summary>
    internal byte[] RootKey { get; }

    /// <summary>Short public identifier of the root key, stored beside each ciphertext.</summary>
    public string RootKeyId { get; }

    /// <summary>HMAC-SHA-256 key for high-entropy secrets that need not be recovered.</summary>
    internal byte[] CredentialHashKey { get; }

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllBytes(path);
            if (existing.Length != KeyBytes)
            {
                throw new InvalidOperationException($"Key file {path} is damaged: expected {KeyBytes} bytes.");
            }

            return existing;
        }

        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        try
        {
            DataDirectory.WriteSecretFile(path, key);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another node or process created it first: use theirs.
            return File.ReadAllBytes(path);
        }
    }
}
