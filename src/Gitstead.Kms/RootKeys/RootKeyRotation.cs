using System.Security.Cryptography;
using Gitstead.Kms.Envelope;

namespace Gitstead.Kms.RootKeys;

/// <summary>How a rotation runs.</summary>
/// <param name="Grace">
/// How long after the switch to a new key the old one is kept at least: a server that sealed a
/// secret under the old key just before it noticed the switch may still be writing it (SQLite
/// waits up to 30 s for a write lock).
/// </param>
/// <param name="StopAfterRewraps">Test only: stop, like a killed process, after this many blobs were re-wrapped.</param>
public sealed record RotationOptions(TimeSpan Grace, int? StopAfterRewraps = null)
{
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(60);
}

/// <summary>Counts for one kind of secret.</summary>
public sealed record RotationCounts(string Kind)
{
    /// <summary>Blobs re-wrapped under the new key and stored.</summary>
    public int Rewrapped { get; set; }

    /// <summary>Blobs found under the current key and opened.</summary>
    public int Verified { get; set; }

    /// <summary>Re-wraps not stored because the row changed or went away meanwhile (read again in the next pass).</summary>
    public int Changed { get; set; }

    /// <summary>Blobs that name no key of the ring, or do not open: unreadable before the rotation, left as they are.</summary>
    public int Unreadable { get; set; }
}

/// <summary>What a rotation did.</summary>
/// <param name="CurrentKeyId">The id of the current root key (public: every blob carries it).</param>
/// <param name="Resumed">True when the run finished an interrupted rotation instead of starting one.</param>
/// <param name="RetiredKeyIds">Retired keys whose files were removed.</param>
/// <param name="ConfiguredRetiredKeyIds">Retired keys still given by configuration (no blob names them any more).</param>
/// <param name="Counts">Per source, what was done.</param>
/// <param name="Stopped">True when stopped early by <see cref="RotationOptions.StopAfterRewraps"/>: retired keys are kept.</param>
public sealed record RotationReport(
    string CurrentKeyId,
    bool Resumed,
    IReadOnlyList<string> RetiredKeyIds,
    IReadOnlyList<string> ConfiguredRetiredKeyIds,
    IReadOnlyList<RotationCounts> Counts,
    bool Stopped);

/// <summary>
/// <c>gitstead root-key rotate</c>: makes a new root key current (or, with retired keys in the
/// ring, finishes the rotation they belong to), re-wraps every blob of every
/// <see cref="ISealedSecretSource"/> under it with compare and swap, checks in a last pass that
/// every blob names the current key and opens, and only then removes the retired keys.
/// Servers keep running: they open blobs under any member and notice the new current key
/// before their next seal. Killed at any point, a second run finds the blobs still under a
/// retired key by their key id and finishes.
/// </summary>
public sealed class RootKeyRotation(ServerKeys keys, EnvelopeEncryption envelope, IEnumerable<ISealedSecretSource> sealedSources, TimeProvider time)
{
    private const int MaxPasses = 10;
    private const string LockFileName = "root-key-rotation.lock";

    private readonly IReadOnlyList<ISealedSecretSource> _sources = [.. sealedSources];

    /// <exception cref="RootKeyRotationException">The rotation cannot run or could not finish; nothing was removed.</exception>
    public async Task<RotationReport> RunAsync(RotationOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        var ring = keys.Ring;
        using var rotationLock = TakeLock(ring);
        ring.Refresh();
        var resumed = ring.Retired.Count > 0;
        if (!resumed && ring.FromConfiguration)
        {
            throw new RootKeyRotationException(
                "The root key is supplied by configuration (Gitstead:RootKey), which this command cannot change. " +
                "To rotate it: give every server the new key as Gitstead:RootKey and the old one as Gitstead:RetiredRootKeys:0, " +
                "restart them, then run `gitstead root-key rotate` with the same configuration to re-wrap every secret.");
        }

        if (resumed)
        {
            await progress.WriteLineAsync($"Resuming: root key {ring.Current.Id} is current; re-wrapping what is still under {string.Join(", ", ring.Retired.Select(k => k.Id))}.");
        }
        else
        {
            var old = ring.Current.Id;
            var current = ring.BeginRotation();
            await progress.WriteLineAsync($"Root key {current.Id} is now current; {old} is retired until every secret is re-wrapped.");
        }

        var counts = _sources.Select(s => new RotationCounts(s.Kind)).ToList();
        var stopped = await RewrapPassAsync(counts, options, cancellationToken);
        if (stopped)
        {
            return new RotationReport(ring.Current.Id, resumed, [], [], counts, Stopped: true);
        }

        await WaitForGraceAsync(ring, options.Grace, progress, cancellationToken);
        await VerifyAsync(counts, options, cancellationToken);
        var retired = ring.RemoveRetiredFiles();
        return new RotationReport(ring.Current.Id, resumed, retired, [.. ring.Retired.Select(k => k.Id)], counts, Stopped: false);
    }

    /// <summary>Re-wraps every blob not under the current key; true when stopped by <see cref="RotationOptions.StopAfterRewraps"/>.</summary>
    private async Task<bool> RewrapPassAsync(List<RotationCounts> counts, RotationOptions options, CancellationToken cancellationToken)
    {
        foreach (var (source, count) in _sources.Zip(counts))
        {
            await foreach (var secret in source.ReadAsync(cancellationToken))
            {
                await RewrapAsync(source, secret, count, cancellationToken);
                if (options.StopAfterRewraps is { } stop && counts.Sum(c => c.Rewrapped) >= stop)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Passes that open every blob and re-wrap any a server sealed under a retired key before it
    /// noticed the switch, until one finds nothing left under a retired key.
    /// </summary>
    private async Task VerifyAsync(List<RotationCounts> counts, RotationOptions options, CancellationToken cancellationToken)
    {
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var current = keys.Ring.Current.Id;
            var retired = keys.Ring.Retired.Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
            var leftUnderRetired = 0;
            var unreadable = new List<string>();
            var verified = _sources.Select(s => new RotationCounts(s.Kind)).ToList();
            foreach (var (source, total, count) in _sources.Zip(counts, verified))
            {
                await foreach (var secret in source.ReadAsync(cancellationToken))
                {
                    var id = EnvelopeEncryption.RootKeyIdOf(secret.Blob);
                    if (id == current)
                    {
                        if (envelope.CanOpen(secret.Blob, secret.Context))
                        {
                            count.Verified++;
                        }
                        else
                        {
                            count.Unreadable++;
                            unreadable.Add($"{source.Kind} {secret.RowId}");
                        }
                    }
                    else if (id is not null && retired.Contains(id))
                    {
                        leftUnderRetired++;
                        await RewrapAsync(source, secret, total, cancellationToken);
                    }
                    else
                    {
                        count.Unreadable++;
                        unreadable.Add($"{source.Kind} {secret.RowId}");
                    }
                }
            }

            if (leftUnderRetired > 0)
            {
                continue;
            }

            foreach (var (total, last) in counts.Zip(verified))
            {
                total.Verified = last.Verified;
                total.Unreadable = last.Unreadable;
            }

            // A blob that opens under no key is lost already, but one a bug left under a key
            // this run does not recognise would be lost by removing that key: keep them all.
            if (unreadable.Count > 0)
            {
                throw new RootKeyRotationException(
                    $"{unreadable.Count} sealed secret(s) open under no root key of the ring ({string.Join(", ", unreadable.Take(10))}); " +
                    "the retired keys are kept. Delete those credentials (they cannot be used) and run the command again.");
            }

            return;
        }

        throw new RootKeyRotationException(
            $"Secrets were still being sealed under a retired root key after {MaxPasses} passes; the retired keys are kept. Run the command again.");
    }

    private async Task RewrapAsync(ISealedSecretSource source, SealedSecret secret, RotationCounts count, CancellationToken cancellationToken)
    {
        byte[]? rewrapped;
        try
        {
            rewrapped = envelope.Rewrap(secret.Blob, secret.Context);
        }
        catch (CryptographicException)
        {
            count.Unreadable++;
            return;
        }

        if (rewrapped is null)
        {
            return;
        }

        // Checked before it is stored: the new blob must open with the current key.
        if (!envelope.CanOpen(rewrapped, secret.Context))
        {
            throw new RootKeyRotationException($"A re-wrapped {source.Kind} blob ({secret.RowId}) did not open; nothing was stored for it.");
        }

        if (await source.ReplaceAsync(secret, rewrapped, cancellationToken))
        {
            count.Rewrapped++;
        }
        else
        {
            count.Changed++;
        }
    }

    private async Task WaitForGraceAsync(RootKeyRing ring, TimeSpan grace, TextWriter progress, CancellationToken cancellationToken)
    {
        var wait = ring.CurrentSinceUtc + grace - time.GetUtcNow().UtcDateTime;
        if (wait > TimeSpan.Zero)
        {
            await progress.WriteLineAsync($"Waiting {Math.Ceiling(wait.TotalSeconds)} s for secrets a server sealed under the old key just before the switch.");
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    /// <summary>One rotation at a time: an exclusive lock on a file of the keys directory, released by the system if the process dies.</summary>
    private static FileStream TakeLock(RootKeyRing ring)
    {
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            return new FileStream(Path.Combine(ring.KeysDirectory, LockFileName), options);
        }
        catch (IOException)
        {
            throw new RootKeyRotationException("Another root key rotation is running on this data directory.");
        }
    }
}

/// <summary>A rotation that cannot run or could not finish; the message is for the operator and holds no secret.</summary>
public sealed class RootKeyRotationException(string message) : Exception(message);
