using Gitstead.Auth.SigV4;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gitstead.UnitTests.Auth;

/// <summary>Turns a plain-value request into an ASP.NET one, with the raw request target Kestrel would report.</summary>
internal static class AuthHttp
{
    public static HttpRequest ToHttp(SigV4Request request)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = request.Method;
        http.Request.Path = PathString.FromUriComponent(request.RawPath);
        http.Request.QueryString = request.RawQuery.Length > 0 ? new QueryString("?" + request.RawQuery) : QueryString.Empty;
        http.Features.Get<IHttpRequestFeature>()!.RawTarget = request.RawPath + http.Request.QueryString.Value;
        foreach (var name in new[] { "Host", "Content-Type", "X-Amz-Date", "Date", "X-Amz-Target", "X-Amz-Security-Token", "X-Amz-Content-Sha256", "Authorization" })
        {
            foreach (var value in request.Header(name))
            {
                http.Request.Headers.Append(name, value);
            }
        }

        return http.Request;
    }
}
