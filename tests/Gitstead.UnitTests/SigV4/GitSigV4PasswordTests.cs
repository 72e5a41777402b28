using Gitstead.Auth.SigV4;
using Xunit;

namespace Gitstead.UnitTests.SigV4;

public sealed class GitSigV4PasswordTests
{
    // Reference notes §3.1.
    private const string Host = "git-codecommit.us-east-1.amazonaws.com";
    private const string Path = "/v1/repos/demo";
    private const string Password = "20240102T030405Z5531115b6207af0605157855f7c7d32d049d9765d570ed168ec7216750fe6354";
    private static readonly DateTimeOffset SignedAt = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void CanonicalRequestFor_Vector_MatchesReferenceHash()
    {
        // Act
        var canonical = GitSigV4Password.CanonicalRequestFor(Path, Host);

        // Assert
        Assert.Equal("GIT\n/v1/repos/demo\n\nhost:git-codecommit.us-east-1.amazonaws.com\n\nhost\n", canonical);
        Assert.Equal("35884b9a1777607fadee6d9289c0427f5e525dad2b56cda550d428b58f8d8c1f", SigV4Crypto.Sha256Hex(canonical));
    }

    [Fact]
    public void ComputePassword_Vector_MatchesReferencePassword()
    {
        // Act
        var password = GitSigV4Password.ComputePassword(SigV4Vectors.Secret, "20240102T030405", Path, Host, "us-east-1");

        // Assert
        Assert.Equal(Password, password);
    }

    [Fact]
    public void TryParse_AccessKeyAndPassword_ReadsTheLogin()
    {
        // Act
        var ok = GitSigV4Password.TryParse(SigV4Vectors.AccessKeyId, Password, out var login);

        // Assert
        Assert.True(ok);
        Assert.Equal(SigV4Vectors.AccessKeyId, login!.AccessKeyId);
        Assert.Null(login.SessionToken);
        Assert.Equal("20240102T030405", login.Timestamp);
        Assert.Equal(SignedAt, login.SignedAt);
        Assert.DoesNotContain("5531115b", login.ToString());
    }

    [Fact]
    public void TryParse_UserWithSessionToken_SplitsOnTheFirstPercent()
    {
        // Act
        var ok = GitSigV4Password.TryParse("ASIAIOSFODNN7EXAMPLE%IQoJb3/x+y=%z", Password, out var login);

        // Assert
        Assert.True(ok);
        Assert.Equal("ASIAIOSFODNN7EXAMPLE", login!.AccessKeyId);
        Assert.Equal("IQoJb3/x+y=%z", login.SessionToken);
        Assert.DoesNotContain("IQoJb3", login.ToString());
    }

    [Theory]
    [InlineData("alice-at-123456789012", Password)]
    [InlineData("AKIAIOSFODNN7EXAMPLE%", Password)]
    [InlineData("AKIAIOSFODNN7EXAMPL", Password)]
    [InlineData("AKIAIOSFODNN7EXAMPLE", "20240102T030405Z5531115b")]
    [InlineData("AKIAIOSFODNN7EXAMPLE", "20240102T030405" + "5531115b6207af0605157855f7c7d32d049d9765d570ed168ec7216750fe6354")]
    [InlineData("AKIAIOSFODNN7EXAMPLE", "20241302T030405Z5531115b6207af0605157855f7c7d32d049d9765d570ed168ec7216750fe6354")]
    [InlineData("AKIAIOSFODNN7EXAMPLE", Password + "\n")]
    [InlineData("AKIAIOSFODNN7EXAMPLE\n", Password)]
    public void TryParse_OtherShapes_AreNotSigV4Logins(string user, string password)
    {
        // Act
        var ok = GitSigV4Password.TryParse(user, password, out var login);

        // Assert
        Assert.False(ok);
        Assert.Null(login);
    }

    [Fact]
    public void Verify_VectorWithHostAndRegionCandidates_ReturnsTheMatchingRegion()
    {
        // Arrange
        GitSigV4Password.TryParse(SigV4Vectors.AccessKeyId, Password, out var login);

        // Act
        var region = GitSigV4Password.Verify(login!, SigV4Vectors.Secret, Path, GitSigV4Password.HostCandidates(Host + ":443"), ["eu-west-1", "us-east-1"]);

        // Assert
        Assert.Equal("us-east-1", region);
    }

    [Fact]
    public void Verify_NoCandidateRegionMatches_ReturnsNull()
    {
        // Arrange
        GitSigV4Password.TryParse(SigV4Vectors.AccessKeyId, Password, out var login);

        // Act
        var region = GitSigV4Password.Verify(login!, SigV4Vectors.Secret, Path, [Host], ["eu-west-1", "ap-south-1"]);

        // Assert
        Assert.Null(region);
    }

    [Theory]
    [InlineData("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEX", Path, Host)]
    [InlineData(SigV4Vectors.Secret, "/v1/repos/other", Host)]
    [InlineData(SigV4Vectors.Secret, Path, "git-codecommit.us-east-1.localhost")]
    public void Verify_WrongSecretPathOrHost_ReturnsNull(string secret, string path, string host)
    {
        // Arrange
        GitSigV4Password.TryParse(SigV4Vectors.AccessKeyId, Password, out var login);

        // Act
        var region = GitSigV4Password.Verify(login!, secret, path, [host], ["us-east-1"]);

        // Assert
        Assert.Null(region);
    }

    [Fact]
    public void Verify_HostSignedWithPort_MatchesTheHostHeaderAsSent()
    {
        // Arrange: git-remote-codecommit with CODE_COMMIT_ENDPOINT=host:port signs the port too.
        var password = GitSigV4Password.ComputePassword(SigV4Vectors.Secret, "20240102T030405", Path, "git-codecommit.eu-west-1.localhost:8443", "eu-west-1");
        GitSigV4Password.TryParse(SigV4Vectors.AccessKeyId, password, out var login);

        // Act
        var region = GitSigV4Password.Verify(
            login!, SigV4Vectors.Secret, Path, GitSigV4Password.HostCandidates("git-codecommit.eu-west-1.localhost:8443"), ["eu-west-1"]);

        // Assert
        Assert.Equal("eu-west-1", region);
    }

    [Theory]
    [InlineData("localhost:8443", new[] { "localhost", "localhost:8443" })]
    [InlineData("localhost", new[] { "localhost" })]
    [InlineData("[::1]:8443", new[] { "[::1]", "[::1]:8443" })]
    [InlineData("[::1]", new[] { "[::1]" })]
    public void HostCandidates_HostHeader_WithAndWithoutPort(string hostHeader, string[] expected)
    {
        // Act
        var candidates = GitSigV4Password.HostCandidates(hostHeader);

        // Assert
        Assert.Equal(expected, candidates);
    }

    [Theory]
    [InlineData(-15 * 60, true)]
    [InlineData(15 * 60, true)]
    [InlineData(15 * 60 + 1, false)]
    [InlineData(-15 * 60 - 1, false)]
    public void IsWithinWindow_FifteenMinutesEitherWay(int offsetSeconds, bool expected)
    {
        // Arrange
        GitSigV4Password.TryParse(SigV4Vectors.AccessKeyId, Password, out var login);

        // Act
        var within = GitSigV4Password.IsWithinWindow(login!, SignedAt.AddSeconds(offsetSeconds));

        // Assert
        Assert.Equal(expected, within);
    }
}
