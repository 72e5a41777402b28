using System.Collections.Concurrent;
using Gitstead.Auth.Credentials;

namespace Gitstead.Auth.SigV4;

/// <summary>
/// The SigV4 signing key last derived for each access key, as AWS's own SDKs keep it: a key is
/// scoped to one day, region and service, and deriving it means opening the secret's envelope
/// (two AES-GCM opens) and four HMACs. An entry is used only when the key's stored envelope is
/// byte for byte the one it was derived from, so a changed secret, or one re-wrapped under a new
/// root key, is derived afresh; whether the key may be used at all is still read from storage on
/// every request. Bounded: past <see cref="MaxEntries"/> keys the cache starts again.
/// </summary>
internal sealed class SigningKeyCache
{
    public const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The signing key of <paramref name="key"/> for <paramref name="scope"/>; the caller must not change or clear it.</summary>
    public byte[] SigningKey(ResolvedAccessKey key, CredentialScope scope)
    {
        if (_entries.TryGetValue(key.AccessKeyId, out var entry)
            && entry.Date == scope.Date && entry.Region == scope.Region && entry.Service == scope.Service
            && entry.SealedSecret.AsSpan().SequenceEqual(key.SealedSecret))
        {
            return entry.Key;
        }

        var derived = SigV4Crypto.SigningKey(key.SecretAccessKey, scope.Date, scope.Region, scope.Service);
        if (_entries.Count >= MaxEntries)
        {
            // Keys in use by requests under way stay valid; the dropped entries are only forgotten.
            _entries.Clear();
        }

        _entries[key.AccessKeyId] = new Entry(key.SealedSecret, scope.Date, scope.Region, scope.Service, derived);
        return derived;
    }

    /// <summary>How many keys are cached (for tests).</summary>
    public int Count => _entries.Count;

    private sealed record Entry(byte[] SealedSecret, string Date, string Region, string Service, byte[] Key)
    {
        // The generated ToString would print the key.
        public override string ToString() => $"signing key for {Date}/{Region}/{Service}";
    }
}
