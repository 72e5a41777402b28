using Microsoft.AspNetCore.Http;

namespace Gitstead.Aws;

/// <summary>The parts of a SigV4 credential scope the dispatcher needs.</summary>
public sealed record SignedRequestInfo(Caller Caller, string Region, string Service);

/// <summary>
/// Verifies the SigV4 signature of an API request (header or presigned form) and resolves
/// the caller. Throws <see cref="AwsAuthenticationException"/> on failure.
/// </summary>
public interface IAwsRequestAuthenticator
{
    /// <summary>Reads the credential scope's service without verifying anything; null if absent.</summary>
    string? PeekService(HttpRequest request);

    /// <param name="request">The HTTP request; its headers and query are read, never its body.</param>
    /// <param name="body">The raw body bytes, exactly as received.</param>
    /// <param name="expectedService">Signing name of the service being dispatched to.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    Task<SignedRequestInfo> AuthenticateAsync(
        HttpRequest request,
        ReadOnlyMemory<byte> body,
        string expectedService,
        CancellationToken cancellationToken);
}
