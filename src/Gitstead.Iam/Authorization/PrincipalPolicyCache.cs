using System.Collections.Concurrent;
using Gitstead.Policy;

namespace Gitstead.Iam.Authorization;

/// <summary>
/// An IAM user's parsed identity-based policies, kept under the account's policy generation
/// they were loaded at. The generation is read with the caller's credential on every request
/// and raised by the database whenever a user, group, membership, policy, version or
/// attachment of the account changes, so an entry is used only while nothing that could
/// change its answer has been written — on this node or any other. Bounded: cleared when it
/// grows past its limit.
/// </summary>
public sealed class PrincipalPolicyCache
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<(string AccountId, long UserKey), Entry> _entries = new();

    /// <summary>The user's policies if they were loaded at exactly <paramref name="generation"/>.</summary>
    public bool TryGet(string accountId, long userKey, long generation, out IReadOnlyList<PolicyInput> policies)
    {
        if (_entries.TryGetValue((accountId, userKey), out var entry) && entry.Generation == generation)
        {
            policies = entry.Policies;
            return true;
        }

        policies = [];
        return false;
    }

    /// <summary>
    /// Keeps policies loaded after <paramref name="generation"/> was read. They may be newer
    /// than that generation, never older, so using them while it holds is safe.
    /// </summary>
    public void Set(string accountId, long userKey, long generation, IReadOnlyList<PolicyInput> policies)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[(accountId, userKey)] = new Entry(generation, policies);
    }

    private sealed record Entry(long Generation, IReadOnlyList<PolicyInput> Policies);
}
