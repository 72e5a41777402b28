using System.Text;

namespace Gitstead.Auth.SigV4;

/// <summary>
/// The SigV4 canonical request (reference notes §2.2), built from plain values the way
/// botocore builds it for non-S3 services.
/// </summary>
internal static class CanonicalRequest
{
    /// <summary>Joins the six parts; <paramref name="canonicalHeaders"/> already ends in a newline.</summary>
    public static string Build(
        string method, string canonicalUri, string canonicalQuery, string canonicalHeaders, string signedHeaders, string payloadHash) =>
        $"{method}\n{canonicalUri}\n{canonicalQuery}\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}";

    public static string Build(SigV4Request request, SigV4Signature signature, string payloadHash) => Build(
        request.Method.ToUpperInvariant(),
        Uri(request.RawPath),
        Query(request.QueryParameters, excludeSignature: signature.IsPresigned),
        Headers(request, signature.SignedHeaders),
        string.Join(';', signature.SignedHeaders),
        payloadHash);

    /// <summary>
    /// Removes dot segments and empty segments from the path as sent, then percent-encodes it
    /// again: non-S3 paths are double-encoded (<c>%20</c> becomes <c>%2520</c>).
    /// </summary>
    public static string Uri(string rawPath)
    {
        var segments = new List<string>();
        foreach (var segment in rawPath.Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment.Length > 0 && segment != ".")
            {
                segments.Add(System.Uri.EscapeDataString(segment));
            }
        }

        var trailing = rawPath.EndsWith('/') && segments.Count > 0 ? "/" : "";
        return "/" + string.Join('/', segments) + trailing;
    }

    /// <summary>
    /// Every parameter URI-encoded with the RFC 3986 unreserved set, sorted by encoded key then
    /// encoded value; a presigned request leaves out <c>X-Amz-Signature</c>.
    /// </summary>
    public static string Query(IReadOnlyCollection<KeyValuePair<string, string>> decodedParameters, bool excludeSignature)
    {
        if (decodedParameters.Count == 0)
        {
            return "";
        }

        var encoded = decodedParameters
            .Where(p => !(excludeSignature && p.Key == "X-Amz-Signature"))
            .Select(p => (Key: System.Uri.EscapeDataString(p.Key), Value: System.Uri.EscapeDataString(p.Value)))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}");
        return string.Join('&', encoded);
    }

    /// <summary>One <c>name:value\n</c> line per signed header; repeated headers are joined with <c>,</c>.</summary>
    public static string Headers(SigV4Request request, IEnumerable<string> signedHeaders)
    {
        var builder = new StringBuilder(256);
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':');
            var values = request.Header(name);
            for (var i = 0; i < values.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append(',');
                }

                AppendTrimmed(builder, values[i]);
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Trims a header value and collapses inner runs of whitespace to one space.</summary>
    public static string TrimAll(string value)
    {
        var builder = new StringBuilder(value.Length);
        AppendTrimmed(builder, value);
        return builder.ToString();
    }

    /// <summary>What <see cref="TrimAll"/> returns, appended without a copy of its own.</summary>
    private static void AppendTrimmed(StringBuilder builder, ReadOnlySpan<char> value)
    {
        var pendingSpace = false;
        var any = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = any;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
            any = true;
        }
    }
}
