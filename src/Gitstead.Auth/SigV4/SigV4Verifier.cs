using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Gitstead.Auth.SigV4;

/// <summary>
/// The checks of a SigV4 request that need no database: the credential scope, the clock,
/// the payload hash and the signature itself. Each throws
/// <see cref="Gitstead.Aws.AwsAuthenticationException"/> with AWS's code and text.
/// </summary>
internal static partial class SigV4Verifier
{
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>The scope must name the service being called, a plausible region and the request's date.</summary>
    public static void CheckScope(SigV4Signature signature, string expectedService)
    {
        var scope = signature.Scope;
        if (scope.Terminator != CredentialScope.ValidTerminator)
        {
            throw SigV4Errors.WrongTerminator(scope.Terminator);
        }

        if (scope.Service != expectedService)
        {
            throw SigV4Errors.WrongService(expectedService);
        }

        if (!RegionPattern().IsMatch(scope.Region))
        {
            throw SigV4Errors.InvalidRegion(scope.Region);
        }

        if (scope.Date != signature.RequestTime[..8])
        {
            throw SigV4Errors.ScopeDateMismatch(scope.Date, signature.RequestTime);
        }
    }

    /// <summary>
    /// Header form: the request time must be within 15 minutes of now, either way. Presigned
    /// form: not in the future beyond the same skew, and not past <c>X-Amz-Expires</c>.
    /// </summary>
    public static void CheckTime(SigV4Signature signature, DateTimeOffset now)
    {
        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        if (signature.SignedAt > now + MaxSkew)
        {
            throw SigV4Errors.SignatureNotYetCurrent(signature.RequestTime, SigV4Crypto.FormatTime(now + MaxSkew), SigV4Crypto.FormatTime(now));
        }

        if (signature.IsPresigned)
        {
            if (now > signature.SignedAt + signature.ExpiresIn)
            {
                throw SigV4Errors.RequestExpired();
            }
        }
        else if (signature.SignedAt < now - MaxSkew)
        {
            throw SigV4Errors.SignatureExpired(signature.RequestTime, SigV4Crypto.FormatTime(now - MaxSkew), SigV4Crypto.FormatTime(now));
        }
    }

    /// <summary>Recomputes the signature with the secret of the scope's key and compares in constant time.</summary>
    public static void VerifySignature(SigV4Request request, SigV4Signature signature, string secretAccessKey)
    {
        var key = SigV4Crypto.SigningKey(secretAccessKey, signature.Scope.Date, signature.Scope.Region, signature.Scope.Service);
        try
        {
            VerifySignature(request, signature, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Recomputes the signature with the scope's signing key (<see cref="SigningKeyCache"/>) and compares in constant time.</summary>
    public static void VerifySignature(SigV4Request request, SigV4Signature signature, byte[] signingKey)
    {
        var canonical = CanonicalRequest.Build(request, signature, PayloadHash(request));
        var stringToSign = SigV4Crypto.StringToSign(signature.RequestTime, signature.Scope.Value, canonical);
        var expected = SigV4Crypto.Sign(signingKey, stringToSign);
        if (!SigV4Crypto.SignatureMatches(expected, signature.Signature))
        {
            throw SigV4Errors.SignatureDoesNotMatch();
        }
    }

    /// <summary>
    /// The hash of the body as received; a client-declared <c>x-amz-content-sha256</c> is what
    /// the client signed, so it is used, but only when it equals the body's hash.
    /// </summary>
    public static string PayloadHash(SigV4Request request)
    {
        var computed = SigV4Crypto.Sha256Hex(request.Body.Span);
        var declared = request.FirstHeader("X-Amz-Content-Sha256");
        if (declared is null)
        {
            return computed;
        }

        if (declared == UnsignedPayload || declared.StartsWith("STREAMING-", StringComparison.Ordinal))
        {
            throw SigV4Errors.UnsignedPayload();
        }

        return string.Equals(declared, computed, StringComparison.OrdinalIgnoreCase)
            ? declared
            : throw SigV4Errors.PayloadHashMismatch();
    }

    /// <summary>Any region name is accepted, as long as it can sit inside an ARN.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}
