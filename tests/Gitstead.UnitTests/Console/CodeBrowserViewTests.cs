using Gitstead.Console.Pages.CodeCommit;
using Xunit;

namespace Gitstead.UnitTests.Console;

/// <summary>What the code browser makes of repository content: READMEs, diffs, and refs with slashes in URLs.</summary>
public sealed class CodeBrowserViewTests
{
    private static string Resolve(string url, bool image) => (image ? "/raw/" : "/browse/") + url;

    [Fact]
    public void ToHtml_RawHtmlInTheReadme_ShownAsTextNeverAsMarkup()
    {
        // Act
        var html = Readme.ToHtml("# Title\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n", Resolve);

        // Assert
        Assert.Contains("<h1", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JavaScript:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[x](vbscript:msgbox)")]
    [InlineData("[x](//evil.example/path)")]
    public void ToHtml_LinkWithAnUnsafeScheme_TextKeptLinkDropped(string markdown)
    {
        // Act
        var html = Readme.ToHtml(markdown, Resolve);

        // Assert
        Assert.DoesNotContain("<a", html);
        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(">x<", html);
    }

    [Fact]
    public void ToHtml_RelativeAndAbsoluteLinks_RelativeIntoTheBrowserAbsoluteKept()
    {
        // Act
        var html = Readme.ToHtml("[doc](docs/a.md) [site](https://example.com/) ![logo](img/logo.png) [top](#usage)", Resolve);

        // Assert
        Assert.Contains("href=\"/browse/docs/a.md\"", html);
        Assert.Contains("href=\"https://example.com/\"", html);
        Assert.Contains("src=\"/raw/img/logo.png\"", html);
        Assert.Contains("href=\"#usage\"", html);
    }

    [Theory]
    [InlineData("main", "main", "")]
    [InlineData("main/src/app.py", "main", "src/app.py")]
    [InlineData("feature/login/src/app.py", "feature/login", "src/app.py")]
    [InlineData("feature/login", "feature/login", "")]
    [InlineData("v1.0/README.md", "v1.0", "README.md")]
    [InlineData("0123456789abcdef0123456789abcdef01234567/a/b", "0123456789abcdef0123456789abcdef01234567", "a/b")]
    public void Split_RefsWithSlashes_LongestKnownRefWins(string rest, string reference, string path)
    {
        // Act
        var (foundRef, foundPath) = RefPath.Split(rest, ["main", "feature", "feature/login", "v1.0"]);

        // Assert
        Assert.Equal(reference, foundRef);
        Assert.Equal(path, foundPath);
    }

    [Fact]
    public void Join_NamesWithUrlCharacters_EachSegmentEscapedSlashesKept()
    {
        // Act
        var url = RefPath.Join("feature/x", "docs/a b#1?.md");

        // Assert
        Assert.Equal("feature/x/docs/a%20b%231%3F.md", url);
    }

    [Fact]
    public void Parse_PatchWithTwoHunks_LineNumbersOfEachSide()
    {
        // Arrange
        const string Patch = "diff --git a/f b/f\nindex 1..2 100644\n--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n@@ -10,2 +10,3 @@ def f():\n ten\n+ten and a half\n eleven\n\\ No newline at end of file\n";

        // Act
        var lines = UnifiedDiff.Parse(Patch);

        // Assert
        Assert.Equal(
            [
                (DiffLineKind.Hunk, (int?)null, (int?)null), (DiffLineKind.Context, 1, 1), (DiffLineKind.Removed, 2, null), (DiffLineKind.Added, null, 2),
                (DiffLineKind.Context, 3, 3), (DiffLineKind.Hunk, null, null), (DiffLineKind.Context, 10, 10), (DiffLineKind.Added, null, 11),
                (DiffLineKind.Context, 11, 12), (DiffLineKind.Note, null, null),
            ],
            lines.Select(l => (l.Kind, l.Old, l.New)));
        Assert.Equal("TWO", lines[3].Text);
    }
}
