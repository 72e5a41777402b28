using System.Collections.Concurrent;
using System.Security.Cryptography;
using Gitstead.CodeCommit.Git;
using Gitstead.CodeCommit.PackCache;

namespace Gitstead.CodeCommit.Transport;

/// <summary>
/// upload-pack's answers to protocol v2 <c>ls-refs</c>, the second request of every clone,
/// fetch and ls-remote of a current git (the first is the capability advertisement, kept by
/// <see cref="CapabilityAdvertisements"/>). git writes that answer from the request, the refs
/// and the repository's configuration alone, so it is kept per repository, <c>Git-Protocol</c>
/// value and request bytes, and answered again without starting git while the refs
/// (<see cref="RefsState"/>: <c>HEAD</c>, <c>packed-refs</c>, every loose ref), the
/// configuration and the <see cref="Lifetime"/> allow. A fetch that finds nothing new then runs
/// no git process at all. An answer is kept only when the refs were the same before and after
/// git wrote it, so it never stands for refs that changed under it.
/// </summary>
internal sealed class RefListings(TimeProvider time)
{
    /// <summary>A request longer than this (git's are about 150 bytes, more with many <c>ref-prefix</c>) is never looked up.</summary>
    public const int MaxRequestBytes = 4096;

    /// <summary>An answer longer than this (about a thousand refs) is not kept.</summary>
    public const int MaxAnswerBytes = 64 * 1024;

    /// <summary>How long an answer is kept at most: a git upgraded under a running server shows within it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>Bytes of answers kept at most; past it the whole table is dropped and filled again as requests come.</summary>
    internal const long MaxTotalBytes = 16L * 1024 * 1024;

    private const int MaxEntries = 10_000;

    private static readonly byte[] s_command = "command=ls-refs"u8.ToArray();

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _bytes;

    /// <summary>
    /// True when <paramref name="request"/> is a whole request body whose first pkt-line is
    /// <c>command=ls-refs</c> (git checks the rest as it answers).
    /// </summary>
    public static bool IsListing(ReadOnlySpan<byte> request)
    {
        if (request.Length < 4 || request.Length > MaxRequestBytes || !PktLine.TryParsePrefix(request[..4], out var length) || length < 4 || length > request.Length)
        {
            return false;
        }

        var line = request[4..length];
        if (line.Length > 0 && line[^1] == (byte)'\n')
        {
            line = line[..^1];
        }

        return line.SequenceEqual(s_command);
    }

    /// <summary>The refs and configuration of the repository now: take it before git runs, and again after it.</summary>
    public static ListingState StateOf(string repositoryPath) =>
        new(RefsState.Of(repositoryPath), CapabilityAdvertisements.Stamp(repositoryPath));

    /// <summary>git's earlier answer to the same request, or null when there is none still valid under <paramref name="state"/>.</summary>
    public byte[]? Find(string repositoryPath, string protocol, ReadOnlySpan<byte> request, ListingState state)
    {
        if (!_entries.TryGetValue(Key(repositoryPath, protocol, request), out var entry))
        {
            return null;
        }

        return entry.Expires > time.GetUtcNow() && entry.State == state ? entry.Bytes : null;
    }

    /// <summary>
    /// Keeps git's complete, successful answer when the repository's state was
    /// <paramref name="before"/> when git started and is still the same (<paramref name="after"/>).
    /// </summary>
    public void Keep(string repositoryPath, string protocol, ReadOnlySpan<byte> request, ListingState before, ListingState after, ReadOnlySpan<byte> answer)
    {
        if (answer.IsEmpty || answer.Length > MaxAnswerBytes || before.Config == default || before != after)
        {
            return;
        }

        if (_entries.Count >= MaxEntries || Interlocked.Add(ref _bytes, answer.Length) > MaxTotalBytes)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _bytes, answer.Length);
        }

        _entries[Key(repositoryPath, protocol, request)] = new Entry(answer.ToArray(), before, time.GetUtcNow() + Lifetime);
    }

    private static string Key(string repositoryPath, string protocol, ReadOnlySpan<byte> request) =>
        $"{repositoryPath}\n{protocol}\n{Convert.ToHexStringLower(SHA256.HashData(request))}";

    private sealed record Entry(byte[] Bytes, ListingState State, DateTimeOffset Expires);

    /// <summary>A repository's refs (<see cref="RefsState"/>) and configuration (<see cref="CapabilityAdvertisements.ConfigStamp"/>).</summary>
    internal readonly record struct ListingState(string Refs, CapabilityAdvertisements.ConfigStamp Config);
}
