using Gitstead.Auth.SigV4;
using Gitstead.Aws;
using Xunit;

namespace Gitstead.UnitTests.SigV4;

public sealed class SigV4VerifierTests
{
    [Fact]
    public void VerifySignature_ListUsersVector_Succeeds()
    {
        // Arrange
        var request = SigV4Vectors.ListUsers();
        var signature = SigV4Parser.Parse(request);

        // Act
        var exception = Record.Exception(() => SigV4Verifier.VerifySignature(request, signature, SigV4Vectors.Secret));

        // Assert
        Assert.Null(exception);
    }

    [Fact]
    public void VerifySignature_GetRepositoryVector_Succeeds()
    {
        // Arrange
        var request = SigV4Vectors.GetRepository();
        var signature = SigV4Parser.Parse(request);

        // Act
        var exception = Record.Exception(() => SigV4Verifier.VerifySignature(request, signature, SigV4Vectors.Secret));

        // Assert
        Assert.Null(exception);
    }

    [Fact]
    public void VerifySignature_PresignedVector_Succeeds()
    {
        // Arrange
        var request = SigV4Vectors.Presigned();
        var signature = SigV4Parser.Parse(request);

        // Act
        var exception = Record.Exception(() => SigV4Verifier.VerifySignature(request, signature, SigV4Vectors.Secret));

        // Assert
        Assert.Null(exception);
    }

    [Fact]
    public void VerifySignature_PresignedSessionVector_Succeeds()
    {
        // Arrange
        var request = SigV4Vectors.Presigned(SigV4Vectors.PresignedSessionQuery);
        var signature = SigV4Parser.Parse(request);

        // Act
        var exception = Record.Exception(() => SigV4Verifier.VerifySignature(request, signature, SigV4Vectors.Secret));

        // Assert
        Assert.Null(exception);
    }

    [Fact]
    public void VerifySignature_WrongSecret_ThrowsSignatureDoesNotMatch()
    {
        // Arrange
        var request = SigV4Vectors.ListUsers();
        var signature = SigV4Parser.Parse(request);

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Verifier.VerifySignature(request, signature, "another-secret"));

        // Assert
        Assert.Equal(AuthenticationFailure.SignatureDoesNotMatch, ex.Failure);
        Assert.Equal(
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key "
            + "and signing method. Consult the service documentation for details.",
            ex.Message);
    }

    [Theory]
    [InlineData("Action=ListUsers&Version=2010-05-09")]
    [InlineData("")]
    public void VerifySignature_BodyChanged_ThrowsSignatureDoesNotMatch(string body)
    {
        // Arrange
        var request = SigV4Vectors.ListUsers(body: body);
        var signature = SigV4Parser.Parse(request);

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Verifier.VerifySignature(request, signature, SigV4Vectors.Secret));

        // Assert
        Assert.Equal(AuthenticationFailure.SignatureDoesNotMatch, ex.Failure);
    }

    [Theory]
    [InlineData("A82298F1C823A8FA66D150BCE135B17753E452562F3FEEA9D59E1EF5BB25B5EA")]
    [InlineData("a82298f1")]
    [InlineData("zz2298f1c823a8fa66d150bce135b17753e452562f3feea9d59e1ef5bb25b5ea")]
    public void VerifySignature_SignatureTextVariants_UpperCaseHexAcceptedOthersRejected(string sent)
    {
        // Arrange
        var request = SigV4Vectors.ListUsers(SigV4Vectors.Authorization("iam", "content-type;host;x-amz-date", sent));
        var signature = SigV4Parser.Parse(request);

        // Act
        var exception = Record.Exception(() => SigV4Verifier.VerifySignature(request, signature, SigV4Vectors.Secret));

        // Assert
        Assert.Equal(sent.Length == 64 && sent[0] == 'A', exception is null);
    }

    [Fact]
    public void VerifySignature_UnsignedHeaderAdded_StillSucceeds()
    {
        // Arrange: headers outside SignedHeaders (User-Agent, amz-sdk-*) are added after signing.
        var request = SigV4Vectors.Request(
            "POST", "/", "",
            [
                new("Content-Type", SigV4Vectors.FormContentType),
                new("Host", SigV4Vectors.Host),
                new("X-Amz-Date", SigV4Vectors.Time),
                new("User-Agent", "aws-cli/1.45"),
                new("amz-sdk-invocation-id", "b7f6"),
                new("Authorization", SigV4Vectors.Authorization("iam", "content-type;host;x-amz-date", SigV4Vectors.ListUsersSignature)),
            ],
            SigV4Vectors.ListUsersBody);
        var signature = SigV4Parser.Parse(request);

        // Act
        var exception = Record.Exception(() => SigV4Verifier.VerifySignature(request, signature, SigV4Vectors.Secret));

        // Assert
        Assert.Null(exception);
    }

    [Fact]
    public void VerifySignature_RepeatedAndSpacedHeaders_Succeeds()
    {
        // Arrange
        var request = SigV4Vectors.Signed(
            "POST", "/", "",
            [new("Host", SigV4Vectors.Host), new("X-Multi", " one  two "), new("X-Multi", "three"), new("Content-Type", "  text/plain ")],
            "body");
        var signature = SigV4Parser.Parse(request);

        // Act
        var exception = Record.Exception(() => SigV4Verifier.VerifySignature(request, signature, SigV4Vectors.Secret));

        // Assert
        Assert.Null(exception);
        Assert.Contains("x-multi:one two,three\n", CanonicalRequest.Headers(request, signature.SignedHeaders));
    }

    [Fact]
    public void VerifySignature_EncodedPath_IsDoubleEncoded()
    {
        // Arrange
        var request = SigV4Vectors.Signed("GET", "/v1/a%20b/./c", "x=1", [new("Host", SigV4Vectors.Host)], "", service: "codecommit");
        var signature = SigV4Parser.Parse(request);

        // Act
        var canonical = CanonicalRequest.Build(request, signature, SigV4Verifier.PayloadHash(request));

        // Assert
        Assert.StartsWith("GET\n/v1/a%2520b/c\nx=1\n", canonical);
        SigV4Verifier.VerifySignature(request, signature, SigV4Vectors.Secret);
    }

    [Fact]
    public void PayloadHash_DeclaredHashMatchesBody_IsUsed()
    {
        // Arrange
        var hash = SigV4Crypto.Sha256Hex("{}"u8);
        var request = SigV4Vectors.Signed("POST", "/", "", [new("Host", SigV4Vectors.Host), new("X-Amz-Content-Sha256", hash)], "{}");
        var signature = SigV4Parser.Parse(request);

        // Act
        var exception = Record.Exception(() => SigV4Verifier.VerifySignature(request, signature, SigV4Vectors.Secret));

        // Assert
        Assert.Null(exception);
    }

    [Fact]
    public void PayloadHash_DeclaredHashDiffersFromBody_ThrowsSignatureDoesNotMatch()
    {
        // Arrange: the signature covers the declared hash, so only the body comparison catches the change.
        var declared = SigV4Crypto.Sha256Hex("{}"u8);
        var request = SigV4Vectors.Signed("POST", "/", "", [new("Host", SigV4Vectors.Host), new("X-Amz-Content-Sha256", declared)], "{\"tampered\":1}");
        var signature = SigV4Parser.Parse(request);

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Verifier.VerifySignature(request, signature, SigV4Vectors.Secret));

        // Assert
        Assert.Equal(AuthenticationFailure.SignatureDoesNotMatch, ex.Failure);
        Assert.Equal("The provided 'x-amz-content-sha256' header does not match what was computed.", ex.Message);
    }

    [Theory]
    [InlineData("UNSIGNED-PAYLOAD")]
    [InlineData("STREAMING-UNSIGNED-PAYLOAD-TRAILER")]
    public void PayloadHash_UnsignedPayload_IsRejected(string declared)
    {
        // Arrange
        var request = SigV4Vectors.Signed("POST", "/", "", [new("Host", SigV4Vectors.Host), new("X-Amz-Content-Sha256", declared)], "{}");
        var signature = SigV4Parser.Parse(request);

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Verifier.VerifySignature(request, signature, SigV4Vectors.Secret));

        // Assert
        Assert.Equal(AuthenticationFailure.IncompleteSignature, ex.Failure);
    }

    [Fact]
    public void CheckScope_MatchingServiceAndDate_Passes()
    {
        // Arrange
        var signature = SigV4Parser.Parse(SigV4Vectors.ListUsers());

        // Act
        var exception = Record.Exception(() => SigV4Verifier.CheckScope(signature, "iam"));

        // Assert
        Assert.Null(exception);
    }

    [Fact]
    public void CheckScope_OtherService_ThrowsSignatureDoesNotMatchNamingTheExpectedOne()
    {
        // Arrange
        var signature = SigV4Parser.Parse(SigV4Vectors.ListUsers());

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Verifier.CheckScope(signature, "sts"));

        // Assert
        Assert.Equal(AuthenticationFailure.SignatureDoesNotMatch, ex.Failure);
        Assert.Equal("Credential should be scoped to correct service: 'sts'. ", ex.Message);
    }

    [Fact]
    public void CheckScope_ScopeDateDiffersFromRequestDate_ThrowsSignatureDoesNotMatch()
    {
        // Arrange
        var request = SigV4Vectors.ListUsers(SigV4Vectors.Authorization("iam", "content-type;host;x-amz-date", SigV4Vectors.ListUsersSignature, date: "20240101"));
        var signature = SigV4Parser.Parse(request);

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Verifier.CheckScope(signature, "iam"));

        // Assert
        Assert.Equal(AuthenticationFailure.SignatureDoesNotMatch, ex.Failure);
        Assert.Equal(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240101' != '20240102', from '20240102T030405Z'.",
            ex.Message);
    }

    [Theory]
    [InlineData("AKIAIOSFODNN7EXAMPLE/20240102/us-east-1/iam/aws4_requests", "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_requests'.")]
    [InlineData("AKIAIOSFODNN7EXAMPLE/20240102/US:EAST/iam/aws4_request", "Credential should be scoped to a valid region, not 'US:EAST'. ")]
    public void CheckScope_BadTerminatorOrRegion_ThrowsSignatureDoesNotMatch(string credential, string message)
    {
        // Arrange
        var request = SigV4Vectors.ListUsers($"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=content-type;host;x-amz-date, Signature=00");
        var signature = SigV4Parser.Parse(request);

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Verifier.CheckScope(signature, "iam"));

        // Assert
        Assert.Equal(AuthenticationFailure.SignatureDoesNotMatch, ex.Failure);
        Assert.Equal(message, ex.Message);
    }

    [Theory]
    [InlineData("eu-west-3")]
    [InlineData("gitstead-local-1")]
    public void CheckScope_AnyWellFormedRegion_Passes(string region)
    {
        // Arrange
        var request = SigV4Vectors.ListUsers($"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240102/{region}/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=00");
        var signature = SigV4Parser.Parse(request);

        // Act
        var exception = Record.Exception(() => SigV4Verifier.CheckScope(signature, "iam"));

        // Assert
        Assert.Null(exception);
    }

    [Theory]
    [InlineData(-15 * 60)]
    [InlineData(0)]
    [InlineData(15 * 60)]
    public void CheckTime_WithinFifteenMinutes_Passes(int offsetSeconds)
    {
        // Arrange
        var signature = SigV4Parser.Parse(SigV4Vectors.ListUsers());

        // Act
        var exception = Record.Exception(() => SigV4Verifier.CheckTime(signature, SigV4Vectors.SignedAt.AddSeconds(offsetSeconds)));

        // Assert
        Assert.Null(exception);
    }

    [Fact]
    public void CheckTime_SignedMoreThanFifteenMinutesAgo_ThrowsSignatureExpired()
    {
        // Arrange
        var signature = SigV4Parser.Parse(SigV4Vectors.ListUsers());
        var now = new DateTimeOffset(2024, 1, 2, 3, 55, 0, 400, TimeSpan.Zero);

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Verifier.CheckTime(signature, now));

        // Assert
        Assert.Equal(AuthenticationFailure.SignatureDoesNotMatch, ex.Failure);
        Assert.Equal("Signature expired: 20240102T030405Z is now earlier than 20240102T034000Z (20240102T035500Z - 15 min.)", ex.Message);
    }

    [Fact]
    public void CheckTime_SignedMoreThanFifteenMinutesAhead_ThrowsNotYetCurrent()
    {
        // Arrange
        var signature = SigV4Parser.Parse(SigV4Vectors.ListUsers());
        var now = new DateTimeOffset(2024, 1, 2, 2, 49, 4, TimeSpan.Zero);

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Verifier.CheckTime(signature, now));

        // Assert
        Assert.Equal(AuthenticationFailure.SignatureDoesNotMatch, ex.Failure);
        Assert.Equal("Signature not yet current: 20240102T030405Z is still later than 20240102T030404Z (20240102T024904Z + 15 min.)", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(900)]
    public void CheckTime_PresignedWithinExpiry_Passes(int offsetSeconds)
    {
        // Arrange
        var signature = SigV4Parser.Parse(SigV4Vectors.Presigned());

        // Act
        var exception = Record.Exception(() => SigV4Verifier.CheckTime(signature, SigV4Vectors.SignedAt.AddSeconds(offsetSeconds)));

        // Assert
        Assert.Null(exception);
    }

    [Fact]
    public void CheckTime_PresignedPastExpiry_ThrowsRequestExpired()
    {
        // Arrange
        var signature = SigV4Parser.Parse(SigV4Vectors.Presigned());

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Verifier.CheckTime(signature, SigV4Vectors.SignedAt.AddSeconds(901)));

        // Assert
        Assert.Equal(AuthenticationFailure.RequestExpired, ex.Failure);
        Assert.Equal("Request has expired", ex.Message);
    }

    [Fact]
    public void CheckTime_PresignedInTheFuture_ThrowsNotYetCurrent()
    {
        // Arrange
        var signature = SigV4Parser.Parse(SigV4Vectors.Presigned());

        // Act
        var ex = Assert.Throws<AwsAuthenticationException>(() => SigV4Verifier.CheckTime(signature, SigV4Vectors.SignedAt.AddMinutes(-16)));

        // Assert
        Assert.Equal(AuthenticationFailure.SignatureDoesNotMatch, ex.Failure);
        Assert.StartsWith("Signature not yet current:", ex.Message);
    }
}
