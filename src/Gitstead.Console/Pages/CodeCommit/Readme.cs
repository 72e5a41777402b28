using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// A folder's README.md as HTML: CommonMark with the usual extensions (tables, task lists,
/// autolinks), raw HTML disabled so it is shown as text, and every link or image whose scheme is
/// not http, https or mailto dropped (a <c>javascript:</c> link becomes plain text). Relative links
/// point into the code browser; images load only from this console (the Content-Security-Policy).
/// </summary>
public static class Readme
{
    /// <summary>The largest README rendered; a larger one is offered as a file.</summary>
    public const int MaxBytes = 512 * 1024;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseTaskLists()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .DisableHtml()
        .Build();

    public static bool IsReadme(string fileName) => fileName.Equals("README.md", StringComparison.OrdinalIgnoreCase);

    /// <param name="markdown">The file's text.</param>
    /// <param name="resolve">Turns a relative link (as written; true for an image) into a console URL.</param>
    public static string ToHtml(string markdown, Func<string, bool, string> resolve)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            link.Url = Safe(link.Url, url => resolve(url, link.IsImage));
            if (link.Url is null)
            {
                Unlink(link);
            }
        }

        return document.ToHtml(Pipeline);
    }

    private static string? Safe(string? url, Func<string, string> resolve)
    {
        if (string.IsNullOrWhiteSpace(url) || url.StartsWith("//", StringComparison.Ordinal))
        {
            return null; // nothing, or another site without a scheme
        }

        if (url.StartsWith('#'))
        {
            return url;
        }

        var colon = url.IndexOf(':');
        var end = url.IndexOfAny(['/', '?', '#']);
        if (colon >= 0 && (end < 0 || colon < end))
        {
            var scheme = url[..colon].ToLowerInvariant();
            return scheme is "http" or "https" or "mailto" ? url : null;
        }

        return resolve(url);
    }

    /// <summary>Replaces a link by its text (an image by its alt text).</summary>
    private static void Unlink(LinkInline link)
    {
        var parent = link.Parent;
        if (parent is null)
        {
            return;
        }

        var children = link.ToList();
        var text = link.IsImage ? new LiteralInline(string.Concat(children.OfType<LiteralInline>().Select(l => l.Content.ToString()))) : null;
        Inline anchor = link;
        if (text is not null)
        {
            anchor.InsertBefore(text);
        }
        else
        {
            foreach (var child in children)
            {
                child.Remove();
                anchor.InsertBefore(child);
            }
        }

        link.Remove();
    }
}
