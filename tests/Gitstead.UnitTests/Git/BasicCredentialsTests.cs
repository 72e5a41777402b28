using System.Text;
using Gitstead.CodeCommit.Transport;
using Xunit;

namespace Gitstead.UnitTests.Git;

public sealed class BasicCredentialsTests
{
    [Theory]
    [InlineData("alice-at-123456789012", "p+ss/w=rd")]
    [InlineData("AKIAIOSFODNN7EXAMPLE%IQoJb3JpZ2luX2Vj/+=", "20240102T030405Zabc")]
    [InlineData("user", "pass:with:colons")]
    [InlineData("üser", "pässword")]
    public void TryParse_BasicHeader_SplitsAtTheFirstColon(string user, string password)
    {
        // Arrange
        var header = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

        // Act
        var parsed = BasicCredentials.TryParse(header, out var credentials);

        // Assert
        Assert.True(parsed);
        Assert.Equal(user, credentials!.UserName);
        Assert.Equal(password, credentials.Password);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("Basic not-base64!")]
    [InlineData("Basic dXNlcg==")]
    [InlineData("Basic OnBhc3M=")]
    [InlineData("Basic /w==")]
    public void TryParse_NotAUsableBasicLogin_Fails(string? header)
    {
        // Act + Assert
        Assert.False(BasicCredentials.TryParse(header, out _));
    }

    [Fact]
    public void ToString_NeverShowsThePassword()
    {
        // Arrange
        BasicCredentials.TryParse("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("u:secret-password")), out var credentials);

        // Act + Assert
        Assert.DoesNotContain("secret", credentials!.ToString());
    }
}
