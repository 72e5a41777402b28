using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Gitstead.Auth.SigV4;

/// <summary>
/// The parts of an HTTP request that SigV4 signs, as plain values: the method, the path and
/// query exactly as sent (still percent-encoded), the headers, and the raw body bytes.
/// </summary>
internal sealed class SigV4Request
{
    private readonly IHeaderDictionary _headers;

    public SigV4Request(
        string method,
        string rawPath,
        string rawQuery,
        IEnumerable<KeyValuePair<string, string>> headers,
        ReadOnlyMemory<byte> body)
        : this(method, rawPath, rawQuery, Collect(headers), body)
    {
    }

    /// <summary>Over the request's own header collection (case-insensitive), without copying it.</summary>
    private SigV4Request(string method, string rawPath, string rawQuery, IHeaderDictionary headers, ReadOnlyMemory<byte> body)
    {
        Method = method;
        RawPath = rawPath;
        RawQuery = rawQuery.StartsWith('?') ? rawQuery[1..] : rawQuery;
        Body = body;
        _headers = headers;
        QueryParameters = RawQuery.Length == 0 ? [] : ParseQuery(RawQuery);
    }

    public string Method { get; }

    /// <summary>The path as sent, percent-encoding intact.</summary>
    public string RawPath { get; }

    /// <summary>The query string as sent, without the leading <c>?</c>.</summary>
    public string RawQuery { get; }

    /// <summary>Query parameters in order, percent-decoded (a <c>+</c> stays a <c>+</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> QueryParameters { get; }

    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Every value of a header, in the order received; empty when absent.</summary>
    public StringValues Header(string name) => _headers[name];

    public string? FirstHeader(string name)
    {
        var values = _headers[name];
        return values.Count > 0 ? values[0] ?? "" : null;
    }

    public string? Query(string name)
    {
        foreach (var (key, value) in QueryParameters)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Reads the signed parts of an ASP.NET request; the body is passed in because it was read already.</summary>
    public static SigV4Request FromHttp(HttpRequest request, ReadOnlyMemory<byte> body) =>
        new(request.Method, RawPathOf(request), request.QueryString.Value ?? "", request.Headers, body);

    private static HeaderDictionary Collect(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var collected = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            collected.Append(name, value);
        }

        return collected;
    }

    /// <summary>
    /// The path as the client sent it. <see cref="HttpRequest.Path"/> is already decoded, so the
    /// request target is preferred; it is absent only for hand-built contexts.
    /// </summary>
    private static string RawPathOf(HttpRequest request)
    {
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(target) && target[0] == '/')
        {
            var query = target.IndexOf('?');
            return query < 0 ? target : target[..query];
        }

        return (request.PathBase + request.Path).ToUriComponent();
    }

    private static List<KeyValuePair<string, string>> ParseQuery(string rawQuery)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var key = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : part[(eq + 1)..];
            pairs.Add(new(Uri.UnescapeDataString(key), Uri.UnescapeDataString(value)));
        }

        return pairs;
    }
}
