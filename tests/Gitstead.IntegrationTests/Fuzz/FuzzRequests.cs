using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gitstead.IntegrationTests.Support;

namespace Gitstead.IntegrationTests.Fuzz;

/// <summary>One request as the fuzzer builds it, before it is signed and sent.</summary>
internal sealed class FuzzRequest
{
    public string Method { get; set; } = "POST";

    /// <summary>Path and query exactly as sent.</summary>
    public string PathAndQuery { get; set; } = "/";

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public byte[] Body { get; set; } = [];

    /// <summary>What the answer must look like: "json" (JSON 1.1 error), "query" (XML ErrorResponse) or "git" (text).</summary>
    public string Expect { get; set; } = "json";

    public string Describe() =>
        $"{Method} {PathAndQuery}\n{string.Join('\n', Headers.Select(h => $"{h.Key}: {h.Value}"))}\n\n{Encoding.UTF8.GetString(Body)}";

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>
/// SigV4 as botocore signs (header form and presigned query form), so that a mutated request can
/// still be signed correctly and reach the parsers behind authentication.
/// </summary>
internal static class FuzzSigner
{
    public static void SignHeaders(FuzzRequest request, Credentials credentials, string service, string host, DateTime now)
    {
        var time = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers.Add(new("X-Amz-Date", time));
        var signed = request.Headers.Select(h => h.Key.ToLowerInvariant()).Append("host").Distinct().Order(StringComparer.Ordinal).ToList();
        var (path, query) = Split(request.PathAndQuery);
        var headers = string.Concat(signed.Select(name => $"{name}:{HeaderValue(request, name, host)}\n"));
        var canonical = $"{request.Method}\n{CanonicalUri(path)}\n{CanonicalQuery(query, excludeSignature: false)}\n{headers}\n{string.Join(';', signed)}\n{Hex(SHA256.HashData(request.Body))}";
        var scope = $"{time[..8]}/{GitsteadServer.Region}/{service}/aws4_request";
        var signature = Signature(credentials.SecretAccessKey, time, scope, service, canonical);
        request.Headers.Add(new("Authorization", $"AWS4-HMAC-SHA256 Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={string.Join(';', signed)}, Signature={signature}"));
    }

    /// <summary>A presigned GET of <paramref name="parameters"/> (e.g. <c>Action=GetCallerIdentity&amp;Version=…</c>).</summary>
    public static string Presign(string parameters, Credentials credentials, string service, string host, DateTime now)
    {
        var time = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var scope = $"{time[..8]}/{GitsteadServer.Region}/{service}/aws4_request";
        var query = $"{parameters}&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={Uri.EscapeDataString($"{credentials.AccessKeyId}/{scope}")}"
            + $"&X-Amz-Date={time}&X-Amz-Expires=900&X-Amz-SignedHeaders=host";
        var canonical = $"GET\n/\n{CanonicalQuery(query, excludeSignature: true)}\nhost:{host}\n\nhost\n{Hex(SHA256.HashData([]))}";
        return $"{query}&X-Amz-Signature={Signature(credentials.SecretAccessKey, time, scope, service, canonical)}";
    }

    private static string Signature(string secret, string time, string scope, string service, string canonical)
    {
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in new[] { time[..8], GitsteadServer.Region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var toSign = $"AWS4-HMAC-SHA256\n{time}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        return Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
    }

    private static string HeaderValue(FuzzRequest request, string name, string host) =>
        name == "host"
            ? host
            : string.Join(',', request.Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
                .Select(h => string.Join(' ', h.Value.Split((char[])null, StringSplitOptions.RemoveEmptyEntries))));

    private static (string Path, string Query) Split(string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?');
        return q < 0 ? (pathAndQuery, "") : (pathAndQuery[..q], pathAndQuery[(q + 1)..]);
    }

    private static string CanonicalUri(string path) =>
        "/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));

    private static string CanonicalQuery(string query, bool excludeSignature) =>
        string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Select(kv => (Key: Uri.UnescapeDataString(kv[0]), Value: kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : ""))
            .Where(p => !(excludeSignature && p.Key == "X-Amz-Signature"))
            .Select(p => (Key: Uri.EscapeDataString(p.Key), Value: Uri.EscapeDataString(p.Value)))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>Seeded mutations of text and bytes: flips, cuts, repeats, huge numbers, odd Unicode, NULs.</summary>
internal sealed class FuzzMutator(int seed)
{
    private static readonly string[] Tokens =
    [
        "\0", "\u0001", "\n", " ", "=", "&", ",", ";", ":", "/", "%", "%ZZ", "%00", "%ED%A0%80", "%F0%9F%98%80", "+", "*", "..", "-", "{", "}", "[", "]",
        "\"", "\\", "\\ud800", "\\udc00x", "99999999999999999999", "-1", "1e308", "1e999", "null", "true", "[]", "{}", "\uD800", "é", "😀", "\u202E",
        "0000", "0001", "0003", "ffff", "AWS4-HMAC-SHA256", "Credential=", "aws4_request", "refs/heads/", "-----BEGIN ",
    ];

    private readonly Random _random = new(seed);

    public int Next(int max) => _random.Next(max);

    public bool Chance(int percent) => _random.Next(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public string Text(string seed) => Encoding.UTF8.GetString(Bytes(Encoding.UTF8.GetBytes(seed)));

    public byte[] Bytes(byte[] seed)
    {
        var bytes = new List<byte>(seed);
        var count = _random.Next(1, 5);
        for (var i = 0; i < count; i++)
        {
            var at = _random.Next(bytes.Count + 1);
            switch (_random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[Math.Min(at, bytes.Count - 1)] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1:
                    bytes.RemoveRange(at, _random.Next(bytes.Count - at + 1));
                    break;
                case 2:
                    bytes.InsertRange(at, bytes.GetRange(at, _random.Next(Math.Min(bytes.Count - at, 100) + 1)));
                    break;
                case 3:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Pick(Tokens)));
                    break;
                case 4:
                    bytes.InsertRange(at, Enumerable.Repeat(Encoding.UTF8.GetBytes(Pick(Tokens)), _random.Next(1, 40)).SelectMany(b => b));
                    break;
                default:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, _random.Next(1, 8)));
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>A header value HTTP/1.1 can carry (no CR, LF or NUL): mutated, then cleaned of what no client could send.</summary>
    public string HeaderText(string seed) =>
        new([.. Text(seed).Where(c => c is >= ' ' and < (char)0x7F)]);
}
