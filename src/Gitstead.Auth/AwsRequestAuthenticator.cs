using Gitstead.Auth.Credentials;
using Gitstead.Auth.SigV4;
using Gitstead.Aws;
using Microsoft.AspNetCore.Http;

namespace Gitstead.Auth;

/// <summary>
/// SigV4 for every API request: parse, check scope and clock, find the key, then verify the
/// payload hash and the signature (with the key's cached signing key when its secret is the one
/// it was derived from). Cheap checks run before the database is asked.
/// </summary>
internal sealed class AwsRequestAuthenticator(IAccessKeyResolver keys, SigningKeyCache signingKeys, TimeProvider time) : IAwsRequestAuthenticator
{
    public string? PeekService(HttpRequest request) =>
        SigV4Parser.PeekService(request.Headers.Authorization.FirstOrDefault(), request.Query["X-Amz-Credential"].FirstOrDefault());

    public async Task<SignedRequestInfo> AuthenticateAsync(
        HttpRequest request, ReadOnlyMemory<byte> body, string expectedService, CancellationToken cancellationToken)
    {
        var signed = SigV4Request.FromHttp(request, body);
        var signature = SigV4Parser.Parse(signed);
        SigV4Verifier.CheckScope(signature, expectedService);
        SigV4Verifier.CheckTime(signature, time.GetUtcNow());
        var key = await keys.ResolveAsync(signature.Scope.AccessKeyId, signature.SecurityToken, cancellationToken);
        SigV4Verifier.VerifySignature(signed, signature, signingKeys.SigningKey(key, signature.Scope));
        await keys.RecordUseAsync(key, signature.Scope.Service, signature.Scope.Region, cancellationToken);
        return new SignedRequestInfo(key.Caller, signature.Scope.Region, signature.Scope.Service);
    }
}
