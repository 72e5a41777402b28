using System.Buffers;
using System.Globalization;
using System.Text;

namespace Gitstead.CodeCommit.Git;

/// <summary>
/// One long-lived <c>git cat-file --batch</c> of one repository, reading one object at a time:
/// a name goes to stdin, and back comes <c>&lt;id&gt; &lt;type&gt; &lt;size&gt;</c>, exactly size bytes
/// and a LF, or <c>&lt;name&gt; missing</c> / <c>&lt;name&gt; ambiguous</c> (git-cat-file(1), BATCH
/// OUTPUT). A read that does not end cleanly (cancelled, a failing destination, an unexpected
/// line, git gone) leaves the process <see cref="Broken"/>: where it stands in its output is
/// unknown, so it must be disposed, never read again. Not thread-safe: <see cref="CatFilePool"/>
/// lends it to one reader at a time.
/// </summary>
internal sealed class CatFileProcess : IDisposable
{
    /// <summary>Longest name accepted; a header line always fits the buffer.</summary>
    public const int MaxNameLength = 4096;

    private const int BufferSize = 16 * 1024;
    private static readonly string[] Types = ["blob", "tree", "commit", "tag"];

    private readonly GitProcess _git;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;

    private CatFileProcess(GitProcess git, string repositoryPath, int generation)
    {
        _git = git;
        RepositoryPath = repositoryPath;
        Generation = generation;
    }

    public string RepositoryPath { get; }

    /// <summary>The pool's count of evictions of the repository when this process started.</summary>
    public int Generation { get; }

    /// <summary>True once a read did not end cleanly; every later read throws.</summary>
    public bool Broken { get; private set; }

    /// <summary>Bookkeeping of <see cref="CatFilePool"/>, under its lock: when the process went idle, and its place in the idle list.</summary>
    internal DateTimeOffset IdleSince { get; set; }

    internal LinkedListNode<CatFileProcess>? IdleNode { get; set; }

    /// <exception cref="GitCommandException">git could not be started.</exception>
    public static CatFileProcess Start(string repositoryPath, int generation)
    {
        var info = GitInvocation.InRepository(repositoryPath, ["cat-file", "--batch"], []).ToStartInfo();
        return new CatFileProcess(GitProcess.Start(info), repositoryPath, generation);
    }

    /// <summary>Refuses a name that cat-file would not read back as one line: empty, too long, or holding LF, CR or NUL.</summary>
    /// <exception cref="ArgumentException">The name cannot be asked for.</exception>
    public static void ValidateName(string name)
    {
        if (name.Length is 0 or > MaxNameLength || name.AsSpan().IndexOfAny('\n', '\r', '\0') >= 0)
        {
            throw new ArgumentException("An object name must be 1 to 4096 characters without LF, CR or NUL.", nameof(name));
        }
    }

    /// <summary>The object, or null when <paramref name="name"/> names no object or more than one.</summary>
    /// <exception cref="GitOutputTooLargeException">The object is larger than <paramref name="maxBytes"/> (the process is then broken).</exception>
    public Task<GitObject?> ReadAsync(string name, int maxBytes, CancellationToken ct) =>
        ExchangeAsync(name, async header =>
        {
            if (header.Size > maxBytes)
            {
                throw new GitOutputTooLargeException(maxBytes);
            }

            var content = new byte[header.Size];
            await ReadExactlyAsync(content, ct);
            return new GitObject(header.Id, header.Type, content);
        }, ct);

    /// <summary>Copies exactly the object's bytes into <paramref name="destination"/>; null when there is no single such object.</summary>
    public Task<GitObjectHeader?> CopyToAsync(string name, Stream destination, CancellationToken ct) =>
        ExchangeAsync(name, async header =>
        {
            await CopyExactlyAsync(header.Size, destination, ct);
            return header;
        }, ct);

    /// <summary>
    /// The object's header and its first <paramref name="prefixBytes"/> bytes (fewer when it is
    /// smaller); null when there is no single such object. The rest is read and dropped when it
    /// is at most <paramref name="drainLimit"/> bytes; past that, the process is left
    /// <see cref="Broken"/> rather than made to send what nobody reads.
    /// </summary>
    public Task<GitObjectPrefix?> ReadPrefixAsync(string name, int prefixBytes, long drainLimit, CancellationToken ct) =>
        ExchangeAsync(name, async header =>
        {
            var prefix = new byte[Math.Min(header.Size, prefixBytes)];
            await ReadExactlyAsync(prefix, ct);
            var rest = header.Size - prefix.Length;
            if (rest > drainLimit)
            {
                return (new GitObjectPrefix(header, prefix), false);
            }

            await CopyExactlyAsync(rest, Stream.Null, ct);
            return (new GitObjectPrefix(header, prefix), true);
        }, ct);

    /// <summary>Kills git; the process is broken from then on.</summary>
    public void Kill()
    {
        Broken = true;
        _git.Kill();
    }

    public void Dispose()
    {
        Broken = true;
        _git.Dispose();
    }

    /// <summary>One request and its answer; anything short of a clean end leaves the process broken.</summary>
    private Task<T?> ExchangeAsync<T>(string name, Func<GitObjectHeader, Task<T>> readContent, CancellationToken ct)
        where T : class =>
        ExchangeAsync(name, async header => (await readContent(header), true), ct);

    /// <summary>
    /// One request and its answer. <paramref name="readContent"/> says whether it read the whole
    /// content; when it did not, the process stays broken (its output is mid-object).
    /// </summary>
    private async Task<T?> ExchangeAsync<T>(string name, Func<GitObjectHeader, Task<(T Result, bool Complete)>> readContent, CancellationToken ct)
        where T : class
    {
        ValidateName(name);
        if (Broken)
        {
            throw new InvalidOperationException("This git cat-file process is broken and cannot be read again.");
        }

        Broken = true;
        using var killOnCancel = ct.Register(_git.Kill);
        try
        {
            await RequestAsync(name, ct);
            var header = ParseHeader(name, await ReadLineAsync(ct));
            if (header is null)
            {
                Broken = false;
                return null;
            }

            var (result, complete) = await readContent(header);
            if (complete)
            {
                await ExpectLineFeedAsync(ct);
                Broken = false;
            }

            return result;
        }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is not OperationCanceledException)
        {
            throw new OperationCanceledException("The object read was cancelled; git was stopped.", ex, ct);
        }
    }

    private async Task RequestAsync(string name, CancellationToken ct)
    {
        try
        {
            await _git.Stdin.WriteAsync(Encoding.UTF8.GetBytes(name + "\n"), ct);
        }
        catch (IOException ex)
        {
            throw new GitCommandException($"git cat-file stopped: {await StderrAsync()}", ex);
        }
    }

    private static GitObjectHeader? ParseHeader(string name, string line)
    {
        if (line == name + " missing" || line == name + " ambiguous")
        {
            return null;
        }

        var parts = line.Split(' ');
        return parts.Length == 3
            && parts[0].Length is 40 or 64 && parts[0].All(char.IsAsciiHexDigitLower)
            && Types.Contains(parts[1])
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            ? new GitObjectHeader(parts[0], parts[1], size)
            : throw new GitCommandException("git cat-file answered a line that is not a batch header.");
    }

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            var lineFeed = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (lineFeed >= 0)
            {
                var line = Encoding.UTF8.GetString(_buffer, _start, lineFeed - _start);
                _start = lineFeed + 1;
                return line;
            }

            if (_start == 0 && _end == _buffer.Length)
            {
                throw new GitCommandException("git cat-file answered a line longer than any header.");
            }

            await FillAsync(ct);
        }
    }

    private async Task ReadExactlyAsync(Memory<byte> target, CancellationToken ct)
    {
        var buffered = Math.Min(target.Length, _end - _start);
        _buffer.AsMemory(_start, buffered).CopyTo(target);
        _start += buffered;
        for (var filled = buffered; filled < target.Length;)
        {
            filled += await ReadSomeAsync(target[filled..], ct);
        }
    }

    /// <summary>Copies through one pooled buffer, so an object of any size costs the same memory.</summary>
    private async Task CopyExactlyAsync(long size, Stream destination, CancellationToken ct)
    {
        var buffered = (int)Math.Min(size, _end - _start);
        if (buffered > 0)
        {
            await destination.WriteAsync(_buffer.AsMemory(_start, buffered), ct);
            _start += buffered;
        }

        var chunk = ArrayPool<byte>.Shared.Rent(StreamCopier.BufferSize);
        try
        {
            for (var remaining = size - buffered; remaining > 0;)
            {
                var read = await ReadSomeAsync(chunk.AsMemory(0, (int)Math.Min(remaining, StreamCopier.BufferSize)), ct);
                await destination.WriteAsync(chunk.AsMemory(0, read), ct);
                remaining -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>The LF after the content; without it the next answer would be read from the wrong place.</summary>
    private async Task ExpectLineFeedAsync(CancellationToken ct)
    {
        if (_start == _end)
        {
            await FillAsync(ct);
        }

        if (_buffer[_start++] != (byte)'\n')
        {
            throw new GitCommandException("git cat-file did not end an object with LF.");
        }
    }

    /// <summary>Moves what is left to the front of the buffer and reads more after it.</summary>
    private async Task FillAsync(CancellationToken ct)
    {
        _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        _end -= _start;
        _start = 0;
        _end += await ReadSomeAsync(_buffer.AsMemory(_end), ct);
    }

    /// <summary>
    /// Reads at least one byte straight from git; its end of output, or a failed pipe, is a
    /// <see cref="GitCommandException"/> (the destination's own failures stay what they are).
    /// </summary>
    private async Task<int> ReadSomeAsync(Memory<byte> target, CancellationToken ct)
    {
        int read;
        try
        {
            read = await _git.Stdout.ReadAsync(target, ct);
        }
        catch (IOException ex)
        {
            throw new GitCommandException($"git cat-file stopped: {await StderrAsync()}", ex);
        }

        return read > 0 ? read : throw new GitCommandException($"git cat-file ended: {await StderrAsync()}");
    }

    /// <summary>What git said before it ended, if it says so promptly.</summary>
    private async Task<string> StderrAsync()
    {
        try
        {
            return await _git.StderrTail.WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
            return "";
        }
    }
}
