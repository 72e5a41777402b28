using System.Net;
using Gitstead.Aws;
using Xunit;

namespace Gitstead.UnitTests.Aws;

public sealed class AccessDeniedTests
{
    private static readonly Caller Bob = Caller.User("123456789012", "/", "bob", "AIDAEXAMPLE", 1);

    [Theory]
    [InlineData(AuthorizationDecision.ImplicitDeny, DecidingPolicy.IdentityBased, "because no identity-based policy allows the codecommit:GitPush action")]
    [InlineData(AuthorizationDecision.ExplicitDeny, DecidingPolicy.IdentityBased, "with an explicit deny in an identity-based policy")]
    [InlineData(AuthorizationDecision.ImplicitDeny, DecidingPolicy.ResourceBased, "because no resource-based policy allows the codecommit:GitPush action")]
    [InlineData(AuthorizationDecision.ExplicitDeny, DecidingPolicy.ResourceBased, "with an explicit deny in a resource-based policy")]
    public void Sentence_EachRefusal_AwsWording(AuthorizationDecision decision, DecidingPolicy by, string because)
    {
        // Act
        var sentence = AccessDeniedException.Sentence(Bob, "codecommit:GitPush", "arn:aws:codecommit:us-east-1:123456789012:demo", new AuthorizationResult(decision, by));

        // Assert
        Assert.Equal($"User: arn:aws:iam::123456789012:user/bob is not authorized to perform: codecommit:GitPush on resource: arn:aws:codecommit:us-east-1:123456789012:demo {because}", sentence);
    }

    [Theory]
    [InlineData(AwsProtocol.Query, "AccessDenied", 403)]
    [InlineData(AwsProtocol.Json, "AccessDeniedException", 400)]
    public void ToServiceException_EachProtocol_ItsCodeAndStatusWithTheSentence(AwsProtocol protocol, string code, int status)
    {
        // Arrange
        var denied = new AccessDeniedException(Bob, "iam:ListUsers", "*", new AuthorizationResult(AuthorizationDecision.ImplicitDeny));

        // Act
        var error = denied.ToServiceException(protocol);

        // Assert
        Assert.Equal((code, status), (error.Code, error.StatusCode));
        Assert.Equal(denied.Message, error.Message);
    }

    [Fact]
    public void RequestOrigin_IPv4MappedAddress_KeptAsIPv4()
    {
        // Act
        var origin = new RequestOrigin("us-east-1", IPAddress.Parse("::ffff:203.0.113.7"), true, DateTimeOffset.UnixEpoch);

        // Assert
        Assert.Equal("203.0.113.7", origin.SourceAddress);
    }
}
