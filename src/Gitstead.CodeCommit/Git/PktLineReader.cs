using System.Buffers;

namespace Gitstead.CodeCommit.Git;

/// <summary>
/// Reads pkt-lines one at a time from a stream through one pooled buffer, so a caller can
/// read the head of a request (a push's command list) and then hand the rest of the stream
/// on untouched: whatever was read past the last line is in <see cref="Buffered"/>.
/// </summary>
internal sealed class PktLineReader(Stream stream) : IDisposable
{
    /// <summary>One whole line always fits, so a line never spans a refill.</summary>
    private const int BufferSize = 64 * 1024;

    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _start;
    private int _end;
    private int _lineStart;
    private int _lineLength;

    /// <summary>The payload of the last <see cref="PktLineKind.Data"/> line; valid until the next read.</summary>
    public ReadOnlyMemory<byte> Payload => _lineLength > PktLine.PrefixLength
        ? Buffer.AsMemory(_lineStart + PktLine.PrefixLength, _lineLength - PktLine.PrefixLength)
        : ReadOnlyMemory<byte>.Empty;

    /// <summary>The last line exactly as received, prefix included; valid until the next read.</summary>
    public ReadOnlyMemory<byte> RawLine => Buffer.AsMemory(_lineStart, _lineLength);

    /// <summary>Bytes already read from the stream that follow the last line returned.</summary>
    public ReadOnlyMemory<byte> Buffered => Buffer.AsMemory(_start, _end - _start);

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PktLineReader));

    /// <summary>Reads the next line.</summary>
    /// <exception cref="InvalidDataException">A malformed prefix, <c>0003</c>, or a stream that ends inside a line.</exception>
    public async ValueTask<PktLineKind> ReadAsync(CancellationToken cancellationToken)
    {
        _lineLength = 0;
        if (!await FillAsync(PktLine.PrefixLength, cancellationToken))
        {
            return PktLineKind.EndOfStream;
        }

        if (!PktLine.TryParsePrefix(Buffer.AsSpan(_start, PktLine.PrefixLength), out var length)
            || length == 3 || length > PktLine.MaxLineLength)
        {
            throw new InvalidDataException("Malformed pkt-line length.");
        }

        var lineLength = length < PktLine.PrefixLength ? PktLine.PrefixLength : length;
        if (!await FillAsync(lineLength, cancellationToken))
        {
            throw new InvalidDataException("The stream ended inside a pkt-line.");
        }

        _lineStart = _start;
        _lineLength = lineLength;
        _start += lineLength;
        return length switch
        {
            0 => PktLineKind.Flush,
            1 => PktLineKind.Delimiter,
            2 => PktLineKind.ResponseEnd,
            _ => PktLineKind.Data,
        };
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    /// <summary>Makes <paramref name="count"/> bytes available from <see cref="_start"/>; false on a clean end before the first byte.</summary>
    private async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        var buffer = Buffer;
        if (_start + count > buffer.Length)
        {
            buffer.AsSpan(_start, _end - _start).CopyTo(buffer);
            _end -= _start;
            _start = 0;
        }

        while (_end - _start < count)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                return _end == _start ? false : throw new InvalidDataException("The stream ended inside a pkt-line.");
            }

            _end += read;
        }

        return true;
    }
}
