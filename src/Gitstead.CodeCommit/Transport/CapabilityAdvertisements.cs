using System.Collections.Concurrent;

namespace Gitstead.CodeCommit.Transport;

/// <summary>
/// upload-pack's protocol v2 capability advertisement, the answer to
/// <c>GET …/info/refs?service=git-upload-pack</c> with <c>Git-Protocol: version=2</c> (what
/// every clone, fetch and ls-remote of a current git asks first). Unlike the v0 advertisement
/// it names no refs: git writes it from its version and the repository's configuration alone,
/// so a push does not change it. Git's own bytes are kept per repository and Git-Protocol value
/// for <see cref="Lifetime"/> and while the repository's <c>config</c> file is unchanged (its
/// time and length, read before git ran), and answered again without starting git.
/// </summary>
internal sealed class CapabilityAdvertisements(TimeProvider time)
{
    /// <summary>More than git writes for it (about 150 bytes); an answer this long is not kept.</summary>
    public const int MaxBytes = 4096;

    /// <summary>How long an answer is kept at most: a git upgraded under a running server shows within it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>Entries kept at most; past it the whole table is dropped and filled again as requests come.</summary>
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The repository's configuration as it is now; pass it to <see cref="Keep"/> after git ran.</summary>
    public static ConfigStamp Stamp(string repositoryPath)
    {
        var config = new FileInfo(Path.Combine(repositoryPath, "config"));
        return config.Exists ? new ConfigStamp(config.LastWriteTimeUtc.Ticks, config.Length) : default;
    }

    /// <summary>The answer git gave last for the repository and protocol, or null when there is none still valid.</summary>
    public byte[]? Find(string repositoryPath, string protocol)
    {
        if (!_entries.TryGetValue(Key(repositoryPath, protocol), out var entry))
        {
            return null;
        }

        return entry.Expires > time.GetUtcNow() && entry.Stamp == Stamp(repositoryPath) ? entry.Bytes : null;
    }

    /// <summary>Keeps git's complete, successful answer, given as it was before git started (<paramref name="stamp"/>).</summary>
    public void Keep(string repositoryPath, string protocol, ConfigStamp stamp, ReadOnlySpan<byte> answer)
    {
        // A session id (transfer.advertiseSID) is git's own for each process: such an answer is not repeated.
        if (answer.IsEmpty || answer.Length > MaxBytes || stamp == default || answer.IndexOf("session-id="u8) >= 0)
        {
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[Key(repositoryPath, protocol)] = new Entry(answer.ToArray(), stamp, time.GetUtcNow() + Lifetime);
    }

    private static string Key(string repositoryPath, string protocol) => repositoryPath + "\n" + protocol;

    private sealed record Entry(byte[] Bytes, ConfigStamp Stamp, DateTimeOffset Expires);

    /// <summary>The last write time and length of a repository's <c>config</c> file; default when it has none.</summary>
    internal readonly record struct ConfigStamp(long Ticks, long Length);

    /// <summary>
    /// The response body, and the first <paramref name="limit"/> bytes written to it kept aside:
    /// how a missed answer is streamed to the client and kept at once.
    /// </summary>
    internal sealed class Recorder(Stream inner, int limit = MaxBytes) : Stream
    {
        private readonly MemoryStream _kept = new();

        /// <summary>What was written, or empty when it was more than the limit.</summary>
        public ReadOnlySpan<byte> Written => _kept.Length <= limit ? _kept.GetBuffer().AsSpan(0, (int)_kept.Length) : [];

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Note(buffer.AsSpan(offset, count));
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Note(buffer.Span);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Note(ReadOnlySpan<byte> written)
        {
            if (_kept.Length <= limit)
            {
                _kept.Write(written[..Math.Min(written.Length, limit + 1 - (int)_kept.Length)]);
            }
        }
    }
}
