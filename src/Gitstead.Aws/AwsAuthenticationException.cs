namespace Gitstead.Aws;

/// <summary>Why a request could not be authenticated.</summary>
public enum AuthenticationFailure
{
    MissingAuthenticationToken,
    IncompleteSignature,
    InvalidClientTokenId,
    SignatureDoesNotMatch,
    RequestExpired,
    ExpiredToken,
}

/// <summary>
/// An authentication failure. The code on the wire depends on the protocol
/// (<c>InvalidClientTokenId</c> for Query, <c>UnrecognizedClientException</c> for JSON),
/// so the failure is kept abstract until rendering.
/// </summary>
public sealed class AwsAuthenticationException(AuthenticationFailure failure, string message)
    : Exception(message)
{
    public AuthenticationFailure Failure { get; } = failure;

    public AwsServiceException ToServiceException(AwsProtocol protocol) => (protocol, Failure) switch
    {
        (AwsProtocol.Query, AuthenticationFailure.MissingAuthenticationToken) => new("MissingAuthenticationToken", Message, 403),
        (AwsProtocol.Query, AuthenticationFailure.IncompleteSignature) => new("IncompleteSignature", Message, 400),
        (AwsProtocol.Query, AuthenticationFailure.InvalidClientTokenId) => new("InvalidClientTokenId", Message, 403),
        (AwsProtocol.Query, AuthenticationFailure.SignatureDoesNotMatch) => new("SignatureDoesNotMatch", Message, 403),
        (AwsProtocol.Query, AuthenticationFailure.RequestExpired) => new("RequestExpired", Message, 400),
        (AwsProtocol.Query, AuthenticationFailure.ExpiredToken) => new("ExpiredToken", Message, 403),
        (_, AuthenticationFailure.MissingAuthenticationToken) => new("MissingAuthenticationTokenException", Message, 400),
        (_, AuthenticationFailure.IncompleteSignature) => new("IncompleteSignatureException", Message, 400),
        (_, AuthenticationFailure.InvalidClientTokenId) => new("UnrecognizedClientException", Message, 400),
        (_, AuthenticationFailure.SignatureDoesNotMatch) => new("InvalidSignatureException", Message, 400),
        (_, AuthenticationFailure.RequestExpired) => new("InvalidSignatureException", Message, 400),
        (_, AuthenticationFailure.ExpiredToken) => new("ExpiredTokenException", Message, 400),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };
}
