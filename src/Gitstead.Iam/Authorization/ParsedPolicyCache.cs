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

    /// <summary>Parses (once) a stored identity-based document; stored documents were validated when written.</summary>
    public PolicyDocument Get(string documentText) => Get(documentText, PolicyParseOptions.InlineIdentity, "i:");

    /// <summary>Parses (once) a resource-based document (a key policy), validated when written.</summary>
    public PolicyDocument GetResourcePolicy(string documentText) => Get(documentText, PolicyParseOptions.ResourceBased, "r:");

    private PolicyDocument Get(string documentText, PolicyParseOptions options, string kind)
    {
        var key = kind + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(documentText)));
        if (_documents.TryGetValue(key, out var document))
        {
            return document;
        }

        if (_documents.Count >= MaxEntries)
        {
            _documents.Clear();
        }

        document = PolicyDocument.Parse(documentText, options);
        _documents[key] = document;
        return document;
    }
}
