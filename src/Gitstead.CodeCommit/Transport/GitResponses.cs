using Microsoft.AspNetCore.Http;

namespace Gitstead.CodeCommit.Transport;

/// <summary>
/// Replies of the smart-HTTP transport. Refusals are <c>text/plain</c>: git prints such a
/// body as <c>remote: …</c> lines before its own message (remote-curl.c <c>show_http_message</c>).
/// </summary>
internal static class GitResponses
{
    public const string Realm = "Gitstead";

    public const string DumbRefusal = "Dumb HTTP transport is not supported; use a Git client with smart HTTP.";

    /// <summary>What git http-backend sends so no cache keeps an advertisement or a pack.</summary>
    public static void NoCache(HttpResponse response)
    {
        response.Headers.Expires = "Fri, 01 Jan 1980 00:00:00 GMT";
        response.Headers.Pragma = "no-cache";
        response.Headers.CacheControl = "no-cache, max-age=0, must-revalidate";
    }

    /// <summary>Sets the status and the git content type, and turns caching off.</summary>
    public static void StartGit(HttpResponse response, string contentType)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        NoCache(response);
    }

    /// <summary>401 with the Basic challenge: git then asks its credential helpers, or erases what they gave.</summary>
    public static Task ChallengeAsync(HttpResponse response, string message) =>
        WriteAsync(response, StatusCodes.Status401Unauthorized, message, challenge: true);

    /// <summary>429 with <c>Retry-After</c>: git prints the text as <c>remote:</c> lines and gives up.</summary>
    public static Task ThrottledAsync(HttpResponse response, string message)
    {
        if (!response.HasStarted)
        {
            response.Headers.RetryAfter = "5";
        }

        return WriteAsync(response, StatusCodes.Status429TooManyRequests, message, challenge: false);
    }

    /// <summary>A refusal; written only while nothing has been sent (otherwise the caller aborts the connection).</summary>
    public static Task TextAsync(HttpResponse response, int status, string message) =>
        WriteAsync(response, status, message, challenge: false);

    private static async Task WriteAsync(HttpResponse response, int status, string message, bool challenge)
    {
        if (response.HasStarted)
        {
            return;
        }

        response.Clear();
        if (challenge)
        {
            response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\"";
        }

        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        NoCache(response);
        await response.WriteAsync(message + "\n");
    }
}
