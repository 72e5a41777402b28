using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// An opaque <c>nextToken</c>: where the previous page ended and under which ordering, as
/// base64url JSON. A token that does not decode, or that came from another ordering, is
/// InvalidContinuationTokenException.
/// </summary>
internal sealed record ListToken(string Order, string Name, long Ticks = 0, long Key = 0)
{
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    /// <summary>The decoded token, null when there is none.</summary>
    public static ListToken? Decode(string? token, string expectedOrder)
    {
        if (token is null)
        {
            return null;
        }

        try
        {
            var decoded = JsonSerializer.Deserialize<ListToken>(Base64Url.DecodeFromChars(token));
            if (decoded is not null && decoded.Order == expectedOrder && decoded.Name is not null
                && decoded.Ticks >= 0 && decoded.Ticks <= DateTime.MaxValue.Ticks)
            {
                return decoded;
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonException or DecoderFallbackException)
        {
            // falls through to the modelled error
        }

        throw CodeCommitErrors.InvalidContinuationToken();
    }
}
