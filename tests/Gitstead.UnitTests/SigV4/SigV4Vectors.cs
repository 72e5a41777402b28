using System.Text;
using Gitstead.Auth.SigV4;

namespace Gitstead.UnitTests.SigV4;

/// <summary>The requests of reference notes §2.4, and a way to build and sign others from plain values.</summary>
internal static class SigV4Vectors
{
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string Time = "20240102T030405Z";
    public const string Host = "localhost:8443";
    public const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";
    public const string ListUsersBody = "Action=ListUsers&Version=2010-05-08";
    public const string ListUsersSignature = "a82298f1c823a8fa66d150bce135b17753e452562f3feea9d59e1ef5bb25b5ea";
    public const string GetRepositoryBody = "{\"repositoryName\": \"demo\"}";
    public const string GetRepositorySignature = "f39027151cba5f4204b6d4a9d0b8e01d4171535ecee9a36dced069941f3b417b";

    /// <summary>A presigned <c>sts:GetCallerIdentity</c> URL made by botocore (SigV4QueryAuth, expires 900) at <see cref="Time"/>.</summary>
    public const string PresignedQuery =
        "Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
        + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240102%2Fus-east-1%2Fsts%2Faws4_request"
        + "&X-Amz-Date=20240102T030405Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host"
        + "&X-Amz-Signature=153f78f6bf76547cb7e88c56579ca3124c57974c5e4f257ee41c17dd307a44ed";

    /// <summary>The same with session credentials (<c>ASIA…</c>, a token containing <c>/ + =</c>).</summary>
    public const string PresignedSessionQuery =
        "Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
        + "&X-Amz-Credential=ASIAIOSFODNN7EXAMPLE%2F20240102%2Fus-east-1%2Fsts%2Faws4_request"
        + "&X-Amz-Date=20240102T030405Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host"
        + "&X-Amz-Security-Token=IQoJb3JpZ2luX2Vj%2Ftok%2Ben%3D%3D"
        + "&X-Amz-Signature=ac5992ea6d0c07507ac1b724753d62da377cb980776ba90043ebeda4e014047f";

    public const string SessionAccessKeyId = "ASIAIOSFODNN7EXAMPLE";
    public const string SessionToken = "IQoJb3JpZ2luX2Vj/tok+en==";

    public static readonly DateTimeOffset SignedAt = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static string Authorization(string service, string signedHeaders, string signature, string accessKeyId = AccessKeyId, string date = "20240102") =>
        $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{date}/us-east-1/{service}/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}";

    public static SigV4Request ListUsers(string? authorization = null, string body = ListUsersBody) => Request(
        "POST", "/", "",
        [
            new("Content-Type", FormContentType),
            new("Host", Host),
            new("X-Amz-Date", Time),
            new("Authorization", authorization ?? Authorization("iam", "content-type;host;x-amz-date", ListUsersSignature)),
        ],
        body);

    public static SigV4Request GetRepository() => Request(
        "POST", "/", "",
        [
            new("Content-Type", "application/x-amz-json-1.1"),
            new("Host", Host),
            new("X-Amz-Date", Time),
            new("X-Amz-Target", "CodeCommit_20150413.GetRepository"),
            new("Authorization", Authorization("codecommit", "content-type;host;x-amz-date;x-amz-target", GetRepositorySignature)),
        ],
        GetRepositoryBody);

    public static SigV4Request Presigned(string query = PresignedQuery) =>
        Request("GET", "/", query, [new("Host", Host)], "");

    public static SigV4Request Request(string method, string path, string query, KeyValuePair<string, string>[] headers, string body) =>
        new(method, path, query, headers, Encoding.UTF8.GetBytes(body));

    /// <summary>Signs a header-form request with our own chain (the vectors above pin that chain to botocore's).</summary>
    public static SigV4Request Signed(
        string method, string path, string query, KeyValuePair<string, string>[] headers, string body,
        string service = "iam", string time = Time, string secret = Secret, string accessKeyId = AccessKeyId)
    {
        var all = headers.Append(new("X-Amz-Date", time)).ToArray();
        var signedHeaders = all.Select(h => h.Key.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        var unsigned = Request(method, path, query, all, body);
        var scope = $"{time[..8]}/us-east-1/{service}/aws4_request";
        var canonical = CanonicalRequest.Build(
            method, CanonicalRequest.Uri(path), CanonicalRequest.Query(unsigned.QueryParameters, excludeSignature: false),
            CanonicalRequest.Headers(unsigned, signedHeaders), string.Join(';', signedHeaders), DeclaredOrBodyHash(unsigned));
        var key = SigV4Crypto.SigningKey(secret, time[..8], "us-east-1", service);
        var signature = Convert.ToHexStringLower(SigV4Crypto.Sign(key, SigV4Crypto.StringToSign(time, scope, canonical)));
        var authorization = $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{scope}, SignedHeaders={string.Join(';', signedHeaders)}, Signature={signature}";
        return Request(method, path, query, all.Append(new("Authorization", authorization)).ToArray(), body);
    }

    private static string DeclaredOrBodyHash(SigV4Request request) =>
        request.FirstHeader("X-Amz-Content-Sha256") ?? SigV4Crypto.Sha256Hex(request.Body.Span);
}
