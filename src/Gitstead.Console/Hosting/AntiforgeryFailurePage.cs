using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Gitstead.Console.Hosting;

/// <summary>
/// A form posted without its anti-forgery token (from another site, or after the session
/// changed) is refused with a page that says so, instead of an empty 400.
/// </summary>
internal sealed class AntiforgeryFailurePage : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
        {
            var css = WebUtility.HtmlEncode(ConsoleAssets.Url("console.css"));
            context.Result = new ContentResult
            {
                StatusCode = 400,
                ContentType = "text/html; charset=utf-8",
                Content = $"""
                    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                    <title>Request refused | Gitstead</title><link rel="stylesheet" href="{css}"></head>
                    <body><main class="signin"><div class="panel"><h1>Request refused</h1>
                    <div class="alert error" role="alert"><p>This form was not sent from a page of this console session, so nothing was changed. Go back, reload the page and try again.</p></div>
                    <p><a href="/console">Console Home</a></p></div></main></body></html>
                    """,
            };
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
