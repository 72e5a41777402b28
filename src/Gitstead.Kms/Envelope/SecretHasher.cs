using System.Security.Cryptography;
using System.Text;

namespace Gitstead.Kms.Envelope;

/// <summary>
/// Keyed hash (HMAC-SHA-256) for generated, high-entropy secrets that are checked but never
/// shown again: Git credential passwords and session tokens. No KDF cost per request, and a
/// stolen database alone does not allow offline guessing.
/// </summary>
public sealed class SecretHasher(ServerKeys keys)
{
    public byte[] Hash(string purpose, string secret) =>
        HMACSHA256.HashData(keys.CredentialHashKey, Encoding.UTF8.GetBytes(purpose + "\n" + secret));

    /// <summary>Constant-time comparison of a candidate against a stored hash.</summary>
    public bool Verify(string purpose, string candidate, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(purpose, candidate), storedHash);
}
