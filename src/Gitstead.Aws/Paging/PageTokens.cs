using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Gitstead.Aws;

/// <summary>
/// Continuation tokens (IAM's <c>Marker</c>, CodeCommit's <c>nextToken</c>): a keyset cursor,
/// where the previous page ended, as base64url JSON. Opaque to clients; a service decodes the
/// cursor type it issued and answers its own modelled error for a token that does not decode.
/// </summary>
public static class PageTokens
{
    public static string Encode<TCursor>(TCursor cursor) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(cursor));

    /// <summary>The cursor, or false when the token is not one this service could have issued.</summary>
    public static bool TryDecode<TCursor>(string token, [NotNullWhen(true)] out TCursor? cursor)
    {
        cursor = default;
        try
        {
            cursor = JsonSerializer.Deserialize<TCursor>(Base64Url.DecodeFromChars(token));
        }
        catch (Exception ex) when (ex is FormatException or JsonException or DecoderFallbackException or NotSupportedException)
        {
            return false;
        }

        return cursor is not null;
    }

    /// <summary>The cursor a string-keyed list continues after (names, ids); see <see cref="KeyCursor"/>.</summary>
    public static string EncodeKey(string key) => Encode(new KeyCursor(key));

    /// <summary>The key of a token made by <see cref="EncodeKey"/>, or false.</summary>
    public static bool TryDecodeKey(string token, [NotNullWhen(true)] out string? key)
    {
        key = TryDecode<KeyCursor>(token, out var cursor) ? cursor.K : null;
        return key is not null;
    }

    /// <summary>
    /// Pages an ordered in-memory sequence by a unique string key (ordinal order): the items
    /// after the token's key, at most <see cref="PageRequest.MaxItems"/>.
    /// </summary>
    /// <param name="ordered">Items in ascending ordinal order of <paramref name="key"/>.</param>
    /// <param name="key">The unique key of an item.</param>
    /// <param name="request">The page asked for.</param>
    /// <param name="invalidToken">The service's error for a token it did not issue.</param>
    public static Page<T> PageOrdered<T>(IEnumerable<T> ordered, Func<T, string> key, PageRequest request, Func<Exception> invalidToken)
    {
        var rest = ordered;
        if (request.Token is { } token)
        {
            var after = TryDecodeKey(token, out var k) ? k : throw invalidToken();
            rest = ordered.SkipWhile(i => string.CompareOrdinal(key(i), after) <= 0);
        }

        return Page<T>.FromOverfetch(rest.Take(request.MaxItems + 1).ToList(), request.MaxItems, i => EncodeKey(key(i)));
    }

    /// <summary>A string key to continue after.</summary>
    internal sealed record KeyCursor(string K);
}
