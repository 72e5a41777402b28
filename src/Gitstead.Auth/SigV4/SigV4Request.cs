using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gitstead.Auth.SigV4;

/// <summary>
/// The parts of an HTTP request that SigV4 signs, as plain values: the method, the path and
/// query exactly as sent (still percent-encoded), the headers, and the raw body bytes.
/// </summary>
internal sealed class SigV4Request
{
    private static readonly IReadOnlyList<string> NoValues = [];

    private readonly Dictionary<string, List<string>> _headers = new(StringComparer.OrdinalIgnoreCase);

    public SigV4Request(
        string method,
        string rawPath,
        string rawQuery,
        IEnumerable<KeyValuePair<string, string>> headers,
        ReadOnlyMemory<byte> body)
    {
        Method = method;
        RawPath = rawPath;
        RawQuery = rawQuery.StartsWith('?') ? rawQuery[1..] : rawQuery;
        Body = body;
        foreach (var (name, value) in headers)
        {
            if (!_headers.TryGetValue(name, out var values))
            {
                values = [];
                _headers[name] = values;
            }

            values.Add(value);
        }

        QueryParameters = ParseQuery(RawQuery);
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
    public IReadOnlyList<string> Header(string name) =>
        _headers.TryGetValue(name, out var values) ? values : NoValues;

    public string? FirstHeader(string name) =>
        _headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

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
    public static SigV4Request FromHttp(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? ""));
            }
        }

        return new SigV4Request(request.Method, RawPathOf(request), request.QueryString.Value ?? "", headers, body);
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
