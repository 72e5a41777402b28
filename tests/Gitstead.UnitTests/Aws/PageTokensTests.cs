using Gitstead.Aws;
using Xunit;

namespace Gitstead.UnitTests.Aws;

public sealed class PageTokensTests
{
    private sealed record Cursor(string Order, string Name, long Key);

    [Fact]
    public void EncodeThenTryDecode_Cursor_RoundTrips()
    {
        // Arrange
        var cursor = new Cursor("name:asc", "ünïcode/name with spaces", 42);

        // Act
        var token = PageTokens.Encode(cursor);
        var decoded = PageTokens.TryDecode<Cursor>(token, out var back);

        // Assert
        Assert.True(decoded);
        Assert.Equal(cursor, back);
        Assert.DoesNotContain('+', token);
        Assert.DoesNotContain('/', token);
        Assert.DoesNotContain('=', token);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("!!!")]
    [InlineData("bnVsbA")]
    [InlineData("WzEsMl0")]
    public void TryDecode_NotIssued_False(string token)
    {
        // Act & Assert
        Assert.False(PageTokens.TryDecode<Cursor>(token, out _));
    }

    [Fact]
    public void PageOrdered_WalkedToTheEnd_EachItemOnceThenNoToken()
    {
        // Arrange
        var items = Enumerable.Range(0, 7).Select(i => $"item-{i}").ToList();
        var seen = new List<string>();
        PageRequest request = PageRequest.First(3);
        var pages = 0;

        // Act
        while (true)
        {
            var page = PageTokens.PageOrdered(items, i => i, request, () => new InvalidOperationException("invalid"));
            seen.AddRange(page.Items);
            pages++;
            if (!page.IsTruncated)
            {
                break;
            }

            request = request with { Token = page.NextToken };
        }

        // Assert
        Assert.Equal(items, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public void PageOrdered_ForeignToken_TheServicesError()
    {
        // Arrange
        var request = new PageRequest(PageTokens.Encode(new Cursor("x", "y", 1)) + "x", 2);

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => PageTokens.PageOrdered(["a", "b"], i => i, request, () => new InvalidOperationException("invalid")));

        // Assert
        Assert.Equal("invalid", error.Message);
    }

    [Fact]
    public void FromOverfetch_OneMoreThanAsked_DropsItAndNamesTheLastKept()
    {
        // Act
        var page = Page<int>.FromOverfetch([1, 2, 3], 2, i => $"after-{i}");
        var last = Page<int>.FromOverfetch([1, 2], 2, i => $"after-{i}");

        // Assert
        Assert.Equal([1, 2], page.Items);
        Assert.Equal("after-2", page.NextToken);
        Assert.Equal([1, 2], last.Items);
        Assert.Null(last.NextToken);
        Assert.False(last.IsTruncated);
    }
}
