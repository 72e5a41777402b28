using Gitstead.Aws;

namespace Gitstead.Auth.SigV4;

/// <summary>
/// AWS's texts for authentication failures (reference notes §2.6). No message ever contains a
/// signature, a secret or a session token; AWS echoes the whole Authorization header, which
/// is left out here on purpose.
/// </summary>
internal static class SigV4Errors
{
    public const string InvalidClientTokenIdMessage = "The security token included in the request is invalid.";

    public const string SignatureDoesNotMatchMessage =
        "The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private const int MaxEcho = 128;

    public static AwsAuthenticationException MissingAuthenticationToken() =>
        new(AuthenticationFailure.MissingAuthenticationToken, "Request is missing Authentication Token");

    public static AwsAuthenticationException Incomplete(string message) =>
        new(AuthenticationFailure.IncompleteSignature, message);

    public static AwsAuthenticationException InvalidClientTokenId() =>
        new(AuthenticationFailure.InvalidClientTokenId, InvalidClientTokenIdMessage);

    public static AwsAuthenticationException SignatureDoesNotMatch(string message = SignatureDoesNotMatchMessage) =>
        new(AuthenticationFailure.SignatureDoesNotMatch, message);

    public static AwsAuthenticationException RequestExpired() =>
        new(AuthenticationFailure.RequestExpired, "Request has expired");

    public static AwsAuthenticationException ExpiredToken() =>
        new(AuthenticationFailure.ExpiredToken, "The security token included in the request is expired");

    public static AwsAuthenticationException NotAKeyValuePair(string part)
    {
        // A part without '=' may be the signature itself (e.g. "Signature abc…"): never echo that.
        var shown = part.StartsWith("Signature", StringComparison.OrdinalIgnoreCase) ? "Signature" : Echo(part);
        return Incomplete($"'{shown}' not a valid key=value pair (missing equal-sign) in Authorization header.");
    }

    public static AwsAuthenticationException MalformedCredential(string credential) =>
        Incomplete($"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{Echo(credential)}'");

    public static AwsAuthenticationException MalformedDate(string value) =>
        Incomplete($"Date must be in ISO-8601 'basic format'. Got '{Echo(value)}'. See http://en.wikipedia.org/wiki/ISO_8601");

    public static AwsAuthenticationException HostNotSigned() =>
        Incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");

    public static AwsAuthenticationException DateNotSigned(string header) =>
        Incomplete($"'{header}' must be a 'SignedHeader' in the AWS Authorization.");

    public static AwsAuthenticationException WrongService(string expected) =>
        SignatureDoesNotMatch($"Credential should be scoped to correct service: '{expected}'. ");

    public static AwsAuthenticationException WrongTerminator(string terminator) =>
        SignatureDoesNotMatch($"Credential should be scoped with a valid terminator: 'aws4_request', not '{Echo(terminator)}'.");

    public static AwsAuthenticationException InvalidRegion(string region) =>
        SignatureDoesNotMatch($"Credential should be scoped to a valid region, not '{Echo(region)}'. ");

    public static AwsAuthenticationException ScopeDateMismatch(string scopeDate, string requestTime) =>
        SignatureDoesNotMatch(
            $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            + $"'{Echo(scopeDate)}' != '{requestTime[..8]}', from '{requestTime}'.");

    public static AwsAuthenticationException SignatureExpired(string requestTime, string earliest, string now) =>
        SignatureDoesNotMatch($"Signature expired: {requestTime} is now earlier than {earliest} ({now} - 15 min.)");

    public static AwsAuthenticationException SignatureNotYetCurrent(string requestTime, string latest, string now) =>
        SignatureDoesNotMatch($"Signature not yet current: {requestTime} is still later than {latest} ({now} + 15 min.)");

    public static AwsAuthenticationException PayloadHashMismatch() =>
        SignatureDoesNotMatch("The provided 'x-amz-content-sha256' header does not match what was computed.");

    public static AwsAuthenticationException UnsignedPayload() =>
        Incomplete("The payload must be signed: 'x-amz-content-sha256' must be the SHA-256 of the request body.");

    private static string Echo(string value) => value.Length <= MaxEcho ? value : value[..MaxEcho] + "…";
}
