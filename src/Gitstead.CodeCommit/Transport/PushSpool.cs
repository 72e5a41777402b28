using System.Buffers;
using System.Runtime.ExceptionServices;
using Gitstead.CodeCommit.Git;
using Gitstead.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace Gitstead.CodeCommit.Transport;

/// <summary>
/// Where a push's body waits for git: each push over HTTP (and each upload-pack request of
/// unknown length, which git sends only when it is larger than its post buffer) is read from the
/// client as fast as it arrives, into a temporary file of its own that git reads at its own pace
/// (<see cref="SpooledBody"/>). Memory stays flat either way (DESIGN.md decision 1); what the
/// file buys is a client that is never held back by <c>index-pack --strict</c>.
/// </summary>
/// <remarks>
/// A client held back at the very end of its upload can hang for ever: git's remote-curl (2.39,
/// Debian 12's, among others) reads its <c>send-pack</c> child again when libcurl asks for more
/// data after it was told the body had ended, which libcurl does when the last bytes could not
/// all be sent at once (an HTTP/2 window or a socket buffer full because the server reads
/// slowly). <c>send-pack</c> is by then waiting for the answer, and neither side moves. A
/// server that reads the body as fast as the client sends it makes that moment rare; web
/// servers in front of <c>git http-backend</c> buffer request bodies for the same reason.
/// </remarks>
internal sealed class PushSpool(IOptions<GitProcessOptions> options, DataDirectory dataDir)
{
    private readonly Lock _gate = new();
    private string? _directory;

    /// <summary>
    /// Starts reading <paramref name="source"/> into a new temporary file. The file has no name
    /// from the moment it is open, so nothing is left behind whatever happens to the process.
    /// When the file cannot be made the body is not spooled: git reads the client directly.
    /// </summary>
    public SpooledBody Start(Stream source, CancellationToken aborted)
    {
        SafeFileHandle? file = null;
        Exception? failure = null;
        try
        {
            var path = Path.Combine(Directory(), Guid.NewGuid().ToString("N"));
            file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            file?.Dispose();
            file = null;
            failure = ex;
        }

        return new SpooledBody(source, file, failure, aborted);
    }

    private string Directory()
    {
        lock (_gate)
        {
            if (_directory is null)
            {
                var configured = options.Value.PushSpoolDirectory;
                var directory = configured is { Length: > 0 } ? Path.GetFullPath(configured) : Path.Combine(dataDir.Root, "push-spool");
                if (OperatingSystem.IsWindows())
                {
                    System.IO.Directory.CreateDirectory(directory);
                }
                else
                {
                    System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }

                _directory = directory;
            }

            return _directory;
        }
    }
}

/// <summary>
/// One request's body: a task reads the client into an unnamed file as fast as the client sends,
/// and <see cref="Reader"/> gives git what has arrived, waiting when it has caught up. A failed
/// read of the client reaches git's reader as the same exception, once git has read everything
/// before it. A failed write of the file (a full disk) ends the spooling, not the push: the
/// reader gives what the file holds and then reads the client itself
/// (<see cref="SpoolFailure"/> says why).
/// </summary>
internal sealed class SpooledBody : IAsyncDisposable
{
    private readonly Stream _source;
    private readonly SafeFileHandle? _file;
    private readonly CancellationTokenSource _stop;
    private readonly Lock _gate = new();
    private readonly Task _filling;
    private long _length;
    private Filling _state;
    private ExceptionDispatchInfo? _failure;
    private byte[] _unwritten = [];
    private TaskCompletionSource? _waiter;

    internal SpooledBody(Stream source, SafeFileHandle? file, Exception? failure, CancellationToken aborted)
    {
        _source = source;
        _file = file;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        Reader = new SpoolReader(this);
        if (file is null)
        {
            SpoolFailure = failure;
            _state = Filling.Direct;
            _filling = Task.CompletedTask;
        }
        else
        {
            _filling = Task.Run(FillAsync);
        }
    }

    private enum Filling
    {
        Running,
        Ended,
        Failed,
        Direct,
    }

    /// <summary>The body as git reads it.</summary>
    public Stream Reader { get; }

    /// <summary>Why the body was not (or not all) spooled; null when it was.</summary>
    public Exception? SpoolFailure { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _filling;
        _file?.Dispose();
        _stop.Dispose();
    }

    private async Task FillAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(StreamCopier.BufferSize);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await _source.ReadAsync(buffer.AsMemory(0, StreamCopier.BufferSize), _stop.Token);
                }
                catch (Exception ex)
                {
                    End(Filling.Failed, ExceptionDispatchInfo.Capture(ex));
                    return;
                }

                if (read == 0)
                {
                    End(Filling.Ended, null);
                    return;
                }

                try
                {
                    await RandomAccess.WriteAsync(_file!, buffer.AsMemory(0, read), _length, _stop.Token);
                }
                catch (OperationCanceledException ex)
                {
                    End(Filling.Failed, ExceptionDispatchInfo.Capture(ex));
                    return;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    SpoolFailure = ex;
                    _unwritten = buffer.AsSpan(0, read).ToArray();
                    End(Filling.Direct, null);
                    return;
                }

                TaskCompletionSource? waiter;
                lock (_gate)
                {
                    _length += read;
                    waiter = _waiter;
                    _waiter = null;
                }

                waiter?.TrySetResult();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void End(Filling state, ExceptionDispatchInfo? failure)
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            _state = state;
            _failure = failure;
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }

    private async ValueTask<int> ReadAsync(long position, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            var available = 0;
            Filling state;
            Task? wait = null;
            lock (_gate)
            {
                state = _state;
                if (position < _length)
                {
                    available = (int)Math.Min(destination.Length, _length - position);
                }
                else if (state == Filling.Running)
                {
                    _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _waiter.Task;
                }
            }

            if (available > 0)
            {
                return await RandomAccess.ReadAsync(_file!, destination[..available], position, cancellationToken);
            }

            switch (state)
            {
                case Filling.Ended:
                    return 0;
                case Filling.Failed:
                    _failure!.Throw();
                    return 0;
                case Filling.Direct:
                    return await ReadDirectAsync(position, destination, cancellationToken);
                default:
                    await wait!.WaitAsync(cancellationToken);
                    break;
            }
        }
    }

    /// <summary>After the file: the chunk that could not be written, then the client itself.</summary>
    private async ValueTask<int> ReadDirectAsync(long position, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var offset = position - _length;
        if (offset < _unwritten.Length)
        {
            var count = (int)Math.Min(destination.Length, _unwritten.Length - offset);
            _unwritten.AsSpan((int)offset, count).CopyTo(destination.Span);
            return count;
        }

        return await _source.ReadAsync(destination, cancellationToken);
    }

    /// <summary>A forward-only stream over the spooled body; its reads advance its own position.</summary>
    private sealed class SpoolReader(SpooledBody body) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await body.ReadAsync(_position, buffer, cancellationToken);
            _position += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
