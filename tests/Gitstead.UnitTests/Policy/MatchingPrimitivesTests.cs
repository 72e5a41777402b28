using System.Diagnostics;
using Gitstead.Policy;
using Xunit;

namespace Gitstead.UnitTests.Policy;

public sealed class MatchingPrimitivesTests
{
    [Theory]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("*", "", true)]
    [InlineData("**", "anything", true)]
    [InlineData("a*", "a", true)]
    [InlineData("*a", "ba", true)]
    [InlineData("*a", "ab", false)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "aXcYb", false)]
    [InlineData("a*b*b", "abb", true)]
    [InlineData("ab*ba", "aba", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("*?", "", false)]
    [InlineData("*x?z*", "wxyz", true)]
    [InlineData("refs/heads/*", "refs/heads/a/b:c", true)]
    public void GlobIsMatch_Pattern_MatchesLikeIamWildcards(string pattern, string input, bool expected)
    {
        // Act
        var matched = Glob.Parse(pattern, ignoreCase: false).IsMatch(input);

        // Assert
        Assert.Equal(expected, matched);
    }

    [Theory]
    [InlineData("AbC", "abc", true, true)]
    [InlineData("AbC", "abc", false, false)]
    [InlineData("a?C*", "AxcYZ", true, true)]
    public void GlobIsMatch_IgnoreCase_ComparesCaseInsensitively(string pattern, string input, bool ignoreCase, bool expected)
    {
        // Act
        var matched = Glob.Parse(pattern, ignoreCase).IsMatch(input);

        // Assert
        Assert.Equal(expected, matched);
    }

    [Fact]
    public void GlobIsMatch_ManyStarsAgainstLongInput_RunsInLinearTime()
    {
        // Arrange
        var glob = Glob.Parse(string.Concat(Enumerable.Repeat("*a", 50)) + "*b", ignoreCase: false);
        var input = new string('a', 10_000);
        var stopwatch = Stopwatch.StartNew();

        // Act
        var matched = glob.IsMatch(input);

        // Assert
        Assert.False(matched);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
    }

    [Theory]
    [InlineData("arn:aws:codecommit:*", "arn:aws:codecommit:us-east-1:1:r", true)]
    [InlineData("arn:aws:codecommit:*:*:*", "*", false)]
    [InlineData("*", "*", true)]
    [InlineData("arn:aws:codecommit:u?-east-1:1:r", "arn:aws:codecommit:us-east-1:1:r", true)]
    [InlineData("arn:aws:codecommit:?:1:r", "arn:aws:codecommit:us-east-1:1:r", false)]
    [InlineData("arn:aws:codecommit:us-*1:r", "arn:aws:codecommit:us-east-1:1:r", false)]
    [InlineData("arn:aws:codecommit:us-*:r", "arn:aws:codecommit:us-east-1:1:r", true)]
    [InlineData("a:*:*:d", "a:b:c:x:d", true)]
    [InlineData("a:*:d", "a:b:c:x:e", false)]
    [InlineData("arn:aws:s3:::b", "arn:aws:s3:::b", true)]
    [InlineData("arn:aws:s3:::b", "arn:aws:s3::1:b", false)]
    public void ArnPatternIsMatch_Pattern_WildcardsStayInSegmentUnlessTrailing(string pattern, string value, bool expected)
    {
        // Act
        var matched = ArnPattern.Parse(pattern).IsMatch(value);

        // Assert
        Assert.Equal(expected, matched);
    }

    [Fact]
    public void ArnPatternIsMatch_ValueWithManySegments_Matches()
    {
        // Arrange
        var value = "arn:aws:logs:us-east-1:1:" + string.Join(':', Enumerable.Range(0, 100));

        // Act
        var matched = ArnPattern.Parse("arn:aws:logs:*:*:0:*:99").IsMatch(value);

        // Assert
        Assert.True(matched);
    }

    [Theory]
    [InlineData("plain", false)]
    [InlineData("a${aws:username}b", true)]
    [InlineData("a${*}b", false)]
    [InlineData("a${aws:username", true)]
    public void PatternTemplateParse_Text_DetectsVariables(string raw, bool hasVariables)
    {
        // Act
        var template = PatternTemplate.Parse(raw, wildcards: true, variables: true);

        // Assert
        Assert.Equal(hasVariables, template.HasVariables);
    }

    [Theory]
    [InlineData("${aws:username}-x", "bob-x")]
    [InlineData("${ aws:username }", "bob")]
    [InlineData("${test:missing, 'd''q'}", "d'q")]
    [InlineData("${test:missing}", null)]
    [InlineData("${}", null)]
    [InlineData("${a b}", null)]
    [InlineData("${test:missing, 'unterminated}", null)]
    [InlineData("${aws:username", null)]
    [InlineData("$aws:username}", "$aws:username}")]
    public void PatternTemplateResolve_Variables_SubstitutesOnce(string raw, string? expected)
    {
        // Arrange
        var request = new RequestContext("a:b", "*").WithKey("aws:username", "bob");

        // Act
        var pieces = PatternTemplate.Parse(raw, wildcards: false, variables: true).Resolve(request);
        var text = pieces is null ? null : string.Concat(pieces.Select(piece => piece.Text));

        // Assert
        Assert.Equal(expected, text);
    }
}
