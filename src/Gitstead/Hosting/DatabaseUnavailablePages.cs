using System.Net;
using Gitstead.Aws;

namespace Gitstead.Hosting;

/// <summary>
/// Answers a request that failed because the database cannot be reached with 503 and
/// <c>Retry-After</c> instead of an empty 500: Git clients get the sentence as text, which git
/// prints as <c>remote:</c> lines; console users get a page that says so. The AWS API renders
/// its own <c>ServiceUnavailable</c> error (<c>AwsDispatcher</c>). Nothing else is caught here.
/// </summary>
internal static partial class DatabaseUnavailablePages
{
    public static IApplicationBuilder UseDatabaseUnavailablePages(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (Exception ex) when (DatabaseUnavailable.Is(ex) && !http.RequestAborted.IsCancellationRequested)
            {
                var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseUnavailablePages).FullName!);
                LogUnavailable(logger, http.Request.Path.Value ?? "", ex.GetBaseException().Message);
                if (http.Response.HasStarted)
                {
                    http.Abort();
                    return;
                }

                await WriteAsync(http);
            }
        });

    private static async Task WriteAsync(HttpContext http)
    {
        var response = http.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = "5";
        response.Headers.CacheControl = "no-cache, max-age=0, must-revalidate";
        if (http.Request.Path.StartsWithSegments("/console"))
        {
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync(ConsolePage());
            return;
        }

        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync("ServiceUnavailable: " + DatabaseUnavailable.Message + "\n");
    }

    private static string ConsolePage() => $"""
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Service unavailable | Gitstead</title></head>
        <body><main><h1>Service unavailable</h1>
        <p role="alert">{WebUtility.HtmlEncode(DatabaseUnavailable.Message)}</p>
        <p><a href="/console">Console Home</a></p></main></body></html>
        """;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} 503: the database cannot be reached ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string path, string reason);
}
