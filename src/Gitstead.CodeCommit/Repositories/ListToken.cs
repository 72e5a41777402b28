using Gitstead.Aws;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// CodeCommit's <c>nextToken</c>: a <see cref="PageTokens"/> keyset cursor naming where the
/// previous page ended and under which ordering. A token that does not decode, or that came
/// from another ordering, is InvalidContinuationTokenException.
/// </summary>
internal sealed record ListToken(string Order, string Name, long Ticks = 0, long Key = 0)
{
    public string Encode() => PageTokens.Encode(this);

    /// <summary>The decoded token, null when there is none.</summary>
    public static ListToken? Decode(string? token, string expectedOrder)
    {
        if (token is null)
        {
            return null;
        }

        if (PageTokens.TryDecode<ListToken>(token, out var decoded) && decoded.Order == expectedOrder && decoded.Name is not null
            && decoded.Ticks >= 0 && decoded.Ticks <= DateTime.MaxValue.Ticks)
        {
            return decoded;
        }

        throw CodeCommitErrors.InvalidContinuationToken();
    }
}
