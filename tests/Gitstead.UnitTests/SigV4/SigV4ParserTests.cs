using Gitstead.Auth.SigV4;
using Gitstead.Aws;
using Xunit;

namespace Gitstead.UnitTests.SigV4;

public sealed class SigV4ParserTests
{
    private const string Signature = SigV4Vectors.ListUsersSignature;

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240102/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=" + Signature)]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240102/us-east-1/iam/aws4_request,SignedHeaders=content-type;host;x-amz-date,Signature=" + Signature)]
    [InlineData("  AWS4-HMAC-SHA256   Credential = AKIAIOSFODNN7EXAMPLE/20240102/us-east-1/iam/aws4_request ,  SignedHeaders=content-type;host;x-amz-date ,Signature=" + Signature + "  ")]
    [InlineData("AWS4-HMAC-SHA256 Signature=" + Signature + ", Credential=AKIAIOSFODNN7EXAMPLE/20240102/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date")]
    public void Parse_HeaderWithAnySpacingOrOrder_ReadsAllParts(string authorization)
    {
        // Act
        var parsed = SigV4Parser.Parse(SigV4Vectors.ListUsers(authorization));

        // Assert
        Assert.Equal(new CredentialScope("AKIAIOSFODNN7EXAMPLE", "20240102", "us-east-1", "iam", "aws4_request"), parsed.Scope);
        Assert.Equal(["content-type", "host", "x-amz-date"], parsed.SignedHeaders);
        Assert.Equal(Signature, parsed.Signature);
        Assert.Equal(SigV4Vectors.Time, parsed.RequestTime);
        Assert.Equal(SigV4Vectors.SignedAt, parsed.SignedAt);
        Assert.False(parsed.IsPresigned);
        Assert.Null(parsed.SecurityToken);
    }

    [Fact]
    public void Parse_NoAuthorizationAndNoPresignedParameters_ThrowsMissingAuthenticationToken()
    {
        // Arrange
        var request = SigV4Vectors.Request("POST", "/", "Action=ListUsers", [new("Host", SigV4Vectors.Host)], "");

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Parser.Parse(request));

        // Assert
        Assert.Equal(AuthenticationFailure.MissingAuthenticationToken, ex.Failure);
        Assert.Equal("Request is missing Authentication Token", ex.Message);
    }

    [Fact]
    public void Parse_MissingSignatureAndSignedHeaders_ListsTheMissingParts()
    {
        // Arrange
        var request = SigV4Vectors.ListUsers("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240102/us-east-1/iam/aws4_request");

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Parser.Parse(request));

        // Assert
        Assert.Equal(AuthenticationFailure.IncompleteSignature, ex.Failure);
        Assert.Equal(
            "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.",
            ex.Message);
    }

    [Theory]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.secret-token")]
    [InlineData("AWS AKIAIOSFODNN7EXAMPLE:c2lnbmF0dXJl")]
    public void Parse_OtherScheme_IsIncompleteWithoutEchoingTheHeader(string authorization)
    {
        // Arrange
        var request = SigV4Vectors.Request("POST", "/", "", [new("Host", SigV4Vectors.Host), new("Authorization", authorization)], "");

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Parser.Parse(request));

        // Assert
        Assert.Equal(AuthenticationFailure.IncompleteSignature, ex.Failure);
        Assert.Equal(
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. "
            + "Authorization header requires 'SignedHeaders' parameter. "
            + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
            ex.Message);
        Assert.DoesNotContain(authorization.Split(' ')[1], ex.Message);
    }

    [Fact]
    public void Parse_PairWithoutEqualSign_NamesThePairButNeverTheSignature()
    {
        // Arrange
        var request = SigV4Vectors.ListUsers(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240102/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature " + Signature);

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Parser.Parse(request));

        // Assert
        Assert.Equal(AuthenticationFailure.IncompleteSignature, ex.Failure);
        Assert.DoesNotContain(Signature, ex.Message);
        Assert.Contains("not a valid key=value pair", ex.Message);
    }

    [Theory]
    [InlineData("AKIAIOSFODNN7EXAMPLE/20240102/us-east-1/iam")]
    [InlineData("AKIAIOSFODNN7EXAMPLE /20240102/us-east-1/iam/aws4_request/extra")]
    [InlineData("AKIAIOSFODNN7EXAMPLE//us-east-1/iam/aws4_request")]
    public void Parse_MalformedCredential_ThrowsIncompleteSignature(string credential)
    {
        // Arrange
        var request = SigV4Vectors.ListUsers($"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=content-type;host;x-amz-date, Signature={Signature}");

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Parser.Parse(request));

        // Assert
        Assert.Equal(AuthenticationFailure.IncompleteSignature, ex.Failure);
        Assert.StartsWith("Credential must have exactly 5 slash-delimited elements", ex.Message);
    }

    [Fact]
    public void Parse_HostNotSigned_ThrowsIncompleteSignature()
    {
        // Arrange
        var request = SigV4Vectors.ListUsers(SigV4Vectors.Authorization("iam", "content-type;x-amz-date", Signature));

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Parser.Parse(request));

        // Assert
        Assert.Equal(AuthenticationFailure.IncompleteSignature, ex.Failure);
        Assert.Equal("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", ex.Message);
    }

    [Fact]
    public void Parse_DateHeaderNotSigned_ThrowsIncompleteSignature()
    {
        // Arrange
        var request = SigV4Vectors.ListUsers(SigV4Vectors.Authorization("iam", "content-type;host", Signature));

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Parser.Parse(request));

        // Assert
        Assert.Equal(AuthenticationFailure.IncompleteSignature, ex.Failure);
        Assert.Equal("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.", ex.Message);
    }

    [Theory]
    [InlineData("2024-01-02T03:04:05Z")]
    [InlineData("20240102T030405")]
    [InlineData("20241302T030405Z")]
    public void Parse_MalformedAmzDate_ThrowsIncompleteSignature(string date)
    {
        // Arrange
        var request = SigV4Vectors.Request(
            "POST", "/", "",
            [new("Host", SigV4Vectors.Host), new("X-Amz-Date", date), new("Authorization", SigV4Vectors.Authorization("iam", "host;x-amz-date", Signature))],
            "");

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Parser.Parse(request));

        // Assert
        Assert.Equal(AuthenticationFailure.IncompleteSignature, ex.Failure);
        Assert.StartsWith("Date must be in ISO-8601 'basic format'.", ex.Message);
    }

    [Fact]
    public void Parse_DateHeaderInsteadOfAmzDate_UsesItAsTheRequestTime()
    {
        // Arrange: botocore signs "date" when the request already had a Date header.
        var request = SigV4Vectors.Request(
            "POST", "/", "",
            [
                new("Content-Type", SigV4Vectors.FormContentType),
                new("Date", "Tue, 02 Jan 2024 03:04:05 -0000"),
                new("Host", SigV4Vectors.Host),
                new("Authorization", SigV4Vectors.Authorization("iam", "content-type;date;host", "396243e4d55e620ed81bd16507fcea9e1c87fefb4a02e59f8b4c7131fd2067f6")),
            ],
            SigV4Vectors.ListUsersBody);

        // Act
        var parsed = SigV4Parser.Parse(request);

        // Assert
        Assert.Equal(SigV4Vectors.Time, parsed.RequestTime);
        SigV4Verifier.VerifySignature(request, parsed, SigV4Vectors.Secret);
    }

    [Fact]
    public void Parse_SecurityTokenHeader_IsCarried()
    {
        // Arrange
        var request = SigV4Vectors.Request(
            "POST", "/", "",
            [
                new("Host", SigV4Vectors.Host),
                new("X-Amz-Date", SigV4Vectors.Time),
                new("X-Amz-Security-Token", SigV4Vectors.SessionToken),
                new("Authorization", SigV4Vectors.Authorization("iam", "host;x-amz-date;x-amz-security-token", Signature)),
            ],
            "");

        // Act
        var parsed = SigV4Parser.Parse(request);

        // Assert
        Assert.Equal(SigV4Vectors.SessionToken, parsed.SecurityToken);
    }

    [Fact]
    public void Parse_PresignedQuery_ReadsAllParameters()
    {
        // Act
        var parsed = SigV4Parser.Parse(SigV4Vectors.Presigned(SigV4Vectors.PresignedSessionQuery));

        // Assert
        Assert.True(parsed.IsPresigned);
        Assert.Equal(new CredentialScope("ASIAIOSFODNN7EXAMPLE", "20240102", "us-east-1", "sts", "aws4_request"), parsed.Scope);
        Assert.Equal(["host"], parsed.SignedHeaders);
        Assert.Equal(TimeSpan.FromSeconds(900), parsed.ExpiresIn);
        Assert.Equal(SigV4Vectors.SessionToken, parsed.SecurityToken);
        Assert.Equal("ac5992ea6d0c07507ac1b724753d62da377cb980776ba90043ebeda4e014047f", parsed.Signature);
    }

    [Fact]
    public void Parse_PresignedWithoutSignedHeadersAndExpires_ListsTheMissingParameters()
    {
        // Arrange
        var query = "Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240102%2Fus-east-1%2Fsts%2Faws4_request"
            + "&X-Amz-Date=20240102T030405Z&X-Amz-Signature=" + Signature;

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Parser.Parse(SigV4Vectors.Presigned(query)));

        // Assert
        Assert.Equal(AuthenticationFailure.IncompleteSignature, ex.Failure);
        Assert.Equal(
            "AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Expires'. "
            + "Re-examine the query-string parameters.",
            ex.Message);
    }

    [Theory]
    [InlineData("604801", "X-Amz-Expires must be less than a week (in seconds) that is 604800")]
    [InlineData("-1", "X-Amz-Expires must be non-negative")]
    [InlineData("soon", "X-Amz-Expires should be a number")]
    public void Parse_PresignedExpiresOutOfRange_ThrowsIncompleteSignature(string expires, string message)
    {
        // Arrange
        var query = SigV4Vectors.PresignedQuery.Replace("X-Amz-Expires=900", "X-Amz-Expires=" + expires, StringComparison.Ordinal);

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Parser.Parse(SigV4Vectors.Presigned(query)));

        // Assert
        Assert.Equal(AuthenticationFailure.IncompleteSignature, ex.Failure);
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Parse_PresignedWithOtherAlgorithm_ThrowsIncompleteSignature()
    {
        // Arrange
        var query = SigV4Vectors.PresignedQuery.Replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256", StringComparison.Ordinal);

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Parser.Parse(SigV4Vectors.Presigned(query)));

        // Assert
        Assert.Equal(AuthenticationFailure.IncompleteSignature, ex.Failure);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240102/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=x", null, "iam")]
    [InlineData(null, "AKIAIOSFODNN7EXAMPLE/20240102/us-east-1/sts/aws4_request", "sts")]
    [InlineData("AWS4-HMAC-SHA256 Credential=broken, Signature=x", null, null)]
    [InlineData(null, null, null)]
    public void PeekService_HeaderOrPresignedCredential_ReturnsScopeService(string? authorization, string? credential, string? expected)
    {
        // Act
        var service = SigV4Parser.PeekService(authorization, credential);

        // Assert
        Assert.Equal(expected, service);
    }
}
