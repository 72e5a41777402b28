using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Gitstead.CodeCommit.PackCache;

/// <summary>The hook was sent something it must not run; the message is what git prints.</summary>
internal sealed class PackObjectsRefusedException(string message) : Exception(message);

/// <summary>
/// What the hook sends (<see cref="HookScript"/>): the request token, the arguments git gave it
/// (<c>git [--shallow-file ""] pack-objects --stdout …</c>), then pack-objects' input until the
/// hook closes its side. The arguments come from upload-pack, which the server started, and
/// the socket is the server user's alone; they are checked all the same, so that nothing but
/// <c>pack-objects --stdout</c> with options can ever run through it.
/// </summary>
internal static partial class PackObjectsRequest
{
    /// <summary>Input larger than this (wants and haves of a fetch are lines of 45 bytes) is refused.</summary>
    public const long MaxInputBytes = 64L * 1024 * 1024;

    private const int MaxTokenBytes = 128;
    private const int MaxArguments = 64;
    private const int MaxArgumentBytes = 8 * 1024;

    /// <summary>The token and the arguments (after <c>git</c>), read exactly, no byte of the input beyond them.</summary>
    /// <exception cref="PackObjectsRefusedException">Malformed, or over a limit.</exception>
    /// <exception cref="EndOfStreamException">The hook went away.</exception>
    public static async Task<(string Token, string[] Arguments)> ReadHeadAsync(Stream stream, CancellationToken ct)
    {
        var token = await ReadStringAsync(stream, MaxTokenBytes, ct);
        var count = await ReadLengthAsync(stream, MaxArguments, ct);
        var arguments = new string[count];
        for (var i = 0; i < count; i++)
        {
            arguments[i] = await ReadStringAsync(stream, MaxArgumentBytes, ct);
        }

        return (token, arguments);
    }

    /// <summary>
    /// The git arguments to run (without <c>git</c>) when the hook's arguments have the shape
    /// upload-pack gives: <c>git</c>, optionally <c>--shallow-file ""</c>, <c>pack-objects</c>, then
    /// only options, <c>--stdout</c> among them. <c>--progress</c> is dropped (it changes only
    /// stderr): a quiet and a chatty fetch share one pack, and the writer adds it back for the
    /// request that started it.
    /// </summary>
    /// <exception cref="PackObjectsRefusedException">Any other shape.</exception>
    public static string[] Validate(IReadOnlyList<string> arguments)
    {
        var rest = arguments.ToList();
        if (rest is not ["git", ..])
        {
            throw Refused();
        }

        rest.RemoveAt(0);
        var global = new List<string>();
        if (rest is ["--shallow-file", "", ..])
        {
            global.AddRange(rest.Take(2));
            rest.RemoveRange(0, 2);
        }

        if (rest is not ["pack-objects", .. var options] || !options.Contains("--stdout") || !options.All(o => Option().IsMatch(o)))
        {
            throw Refused();
        }

        return [.. global, "pack-objects", .. options.Where(o => o != "--progress")];
    }

    /// <summary>
    /// Copies the rest of the stream (pack-objects' input) into <paramref name="spool"/> and
    /// returns the cache key: SHA-256 of the repository, its refs, the arguments and the input,
    /// each delimited, so no two different requests share a key.
    /// </summary>
    /// <exception cref="PackObjectsRefusedException">The input is larger than <see cref="MaxInputBytes"/>.</exception>
    public static async Task<string> SpoolInputAsync(
        Stream stream, Stream spool, string repositoryId, string refsState, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"gitstead-pack-v1\0{repositoryId}\0{refsState}\0{arguments.Count}\0"));
        foreach (var argument in arguments)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{Encoding.UTF8.GetByteCount(argument)}:{argument}\0"));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
                if (total > MaxInputBytes)
                {
                    throw new PackObjectsRefusedException($"pack-objects input larger than {MaxInputBytes} bytes is not served.");
                }

                hash.AppendData(buffer, 0, read);
                await spool.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static PackObjectsRefusedException Refused() =>
        new("The pack cache serves only pack-objects --stdout as upload-pack runs it.");

    private static async Task<int> ReadLengthAsync(Stream stream, int max, CancellationToken ct)
    {
        var head = new byte[4];
        await stream.ReadExactlyAsync(head, ct);
        var value = BinaryPrimitives.ReadUInt32BigEndian(head);
        return value <= (uint)max ? (int)value : throw new PackObjectsRefusedException("Malformed pack cache request.");
    }

    private static async Task<string> ReadStringAsync(Stream stream, int maxBytes, CancellationToken ct)
    {
        var bytes = new byte[await ReadLengthAsync(stream, maxBytes, ct)];
        await stream.ReadExactlyAsync(bytes, ct);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>A long option, with a value after <c>=</c> when it takes one (<c>--filter=blob:none</c>); no newline anywhere.</summary>
    [GeneratedRegex(@"\A--[a-z0-9][a-z0-9-]*(=[^\n\r\0]*)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Option();
}
