using Gitstead.Auth.SigV4;
using Xunit;

namespace Gitstead.UnitTests.SigV4;

public sealed class CanonicalRequestTests
{
    [Fact]
    public void Build_ListUsersVector_MatchesReferenceText()
    {
        // Arrange
        var request = SigV4Vectors.ListUsers();
        var signature = SigV4Parser.Parse(request);

        // Act
        var canonical = CanonicalRequest.Build(request, signature, SigV4Verifier.PayloadHash(request));

        // Assert
        const string expected =
            "POST\n/\n\n"
            + "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:localhost:8443\nx-amz-date:20240102T030405Z\n\n"
            + "content-type;host;x-amz-date\n"
            + "b6359072c78d70ebee1e81adcbab4f01bf2c23245fa365ef83fe8f1f955085e2";
        Assert.Equal(expected, canonical);
        Assert.Equal("1bd1274437942bd77626ea6497d9db51273e4466f5d5e13a2621e25f2dcd858a", SigV4Crypto.Sha256Hex(canonical));
    }

    [Fact]
    public void Build_GetRepositoryVector_MatchesReferenceHashes()
    {
        // Arrange
        var request = SigV4Vectors.GetRepository();
        var signature = SigV4Parser.Parse(request);

        // Act
        var payload = SigV4Verifier.PayloadHash(request);
        var canonical = CanonicalRequest.Build(request, signature, payload);

        // Assert
        Assert.Equal("4a2d1198529cbc3e395e4b801b71b388d327ceceb8b228abcdcf5fc9dcc13503", payload);
        Assert.Equal("ad942f6826cd0a854e76eb962c7206ed9cf40c3c8cdd917e83d529e9f488b292", SigV4Crypto.Sha256Hex(canonical));
    }

    [Theory]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("/a/./b/../c%20d//e", "/a/c%2520d/e")]
    [InlineData("/v1/repos/my%2Frepo/", "/v1/repos/my%252Frepo/")]
    [InlineData("/../..", "/")]
    [InlineData("/a b~c", "/a%20b~c")]
    public void Uri_RawPath_RemovesDotSegmentsAndDoubleEncodes(string rawPath, string expected)
    {
        // Act
        var uri = CanonicalRequest.Uri(rawPath);

        // Assert
        Assert.Equal(expected, uri);
    }

    [Fact]
    public void Query_UnsortedPairs_SortsByEncodedKeyThenValue()
    {
        // Arrange: the query botocore signed as "a=1&a=x%20y&b=2&empty=".
        var request = SigV4Vectors.Request("GET", "/", "b=2&a=x%20y&a=1&empty", [], "");

        // Act
        var query = CanonicalRequest.Query(request.QueryParameters, excludeSignature: false);

        // Assert
        Assert.Equal("a=1&a=x%20y&b=2&empty=", query);
    }

    [Fact]
    public void Query_Presigned_LeavesOutSignatureAndEncodesReservedCharacters()
    {
        // Arrange
        var request = SigV4Vectors.Request("GET", "/", "X-Amz-Signature=abc&t=a%2Fb%2Bc%3D&s=a b", [], "");

        // Act
        var query = CanonicalRequest.Query(request.QueryParameters, excludeSignature: true);

        // Assert
        Assert.Equal("s=a%20b&t=a%2Fb%2Bc%3D", query);
    }

    [Fact]
    public void Headers_RepeatedAndSpacedValues_JoinsWithCommaAndCollapsesWhitespace()
    {
        // Arrange
        var request = SigV4Vectors.Request(
            "GET", "/", "",
            [new("X-Custom", "  a   b  c "), new("x-multi", " one "), new("X-Multi", "two\t\tthree"), new("Host", "Example.com:8443")],
            "");

        // Act
        var headers = CanonicalRequest.Headers(request, ["host", "x-custom", "x-multi"]);

        // Assert
        Assert.Equal("host:Example.com:8443\nx-custom:a b c\nx-multi:one,two three\n", headers);
    }

    [Fact]
    public void Build_BotocoreRequestWithPathQueryAndSpacedHeader_VerifiesBotocoreSignature()
    {
        // Arrange: botocore SigV4Auth for codecommit/eu-west-1 of GET /a/./b/../c%20d//e?b=2&a=x%20y&a=1&empty.
        var request = SigV4Vectors.Request(
            "GET", "/a/./b/../c%20d//e", "b=2&a=x%20y&a=1&empty",
            [
                new("X-Custom", "  a   b  c "),
                new("Host", SigV4Vectors.Host),
                new("X-Amz-Date", SigV4Vectors.Time),
                new("Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240102/eu-west-1/codecommit/aws4_request, "
                    + "SignedHeaders=host;x-amz-date;x-custom, Signature=7bf4b1566456a5aa39301f938c4bdf86aa0529cffc2d107a4b9c3ecfb0833efb"),
            ],
            "");
        var signature = SigV4Parser.Parse(request);

        // Act
        var exception = Record.Exception(() => SigV4Verifier.VerifySignature(request, signature, SigV4Vectors.Secret));

        // Assert
        Assert.Null(exception);
    }
}
