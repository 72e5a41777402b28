using System.Net;
using Microsoft.AspNetCore.Http;

namespace Gitstead.Aws;

/// <summary>
/// Where and when a request was made, whatever carried it (an API call, Git over HTTPS or SSH,
/// a console page): what the request's global condition keys (<c>aws:SourceIp</c>,
/// <c>aws:SecureTransport</c>, <c>aws:CurrentTime</c>, <c>aws:RequestedRegion</c>) and an audit
/// record say about it.
/// </summary>
/// <param name="Region">The region the request is for.</param>
/// <param name="SourceIp">The client's address (an IPv4-mapped IPv6 address is kept as IPv4); null when unknown.</param>
/// <param name="SecureTransport">True when the request came over TLS (or SSH).</param>
/// <param name="Time">When the request was received.</param>
/// <param name="UserAgent">The client's user agent, if it sent one.</param>
public sealed record RequestOrigin(string Region, IPAddress? SourceIp, bool SecureTransport, DateTimeOffset Time, string? UserAgent = null)
{
    /// <summary>The origin of an HTTP request: its remote address, scheme and User-Agent, at <paramref name="time"/>'s now.</summary>
    public static RequestOrigin FromHttp(HttpContext http, string region, TimeProvider time)
    {
        var userAgent = http.Request.Headers.UserAgent.ToString();
        return new RequestOrigin(region, http.Connection.RemoteIpAddress, http.Request.IsHttps, time.GetUtcNow(), userAgent.Length > 0 ? userAgent : null);
    }

    public IPAddress? SourceIp { get; init; } = Normalize(SourceIp);

    /// <summary>The source address as the <c>aws:SourceIp</c> key carries it.</summary>
    public string? SourceAddress => SourceIp?.ToString();

    private static IPAddress? Normalize(IPAddress? ip) => ip is { IsIPv4MappedToIPv6: true } ? ip.MapToIPv4() : ip;
}
