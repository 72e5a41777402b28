using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Gitstead.Policy;

namespace Gitstead.Iam.Authorization;

/// <summary>
/// Parsed policy documents keyed by the SHA-256 of their text. A document's parse depends
/// only on its text, so this cache is coherent across nodes by construction: a changed
/// policy has a new text and a new key. Bounded: cleared when it grows past its limit.
/// </summary>
public sealed class ParsedPolicyCache
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, PolicyDocument> _documents = new(StringComparer.Ordinal);

    /// <summary>Parses (once) a stored document; stored documents were validated when written.</summary>
    public PolicyDocument Get(string documentText)
    {
        var key = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(documentText)));
        if (_documents.TryGetValue(key, out var document))
        {
            return document;
        }

        if (_documents.Count >= MaxEntries)
        {
            _documents.Clear();
        }

        document = PolicyDocument.Parse(documentText, PolicyParseOptions.InlineIdentity);
        _documents[key] = document;
        return document;
    }
}
