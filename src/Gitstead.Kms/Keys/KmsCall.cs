using Gitstead.Aws;

namespace Gitstead.Kms.Keys;

/// <summary>
/// A KMS request: the caller, and the service that makes it on the caller's behalf (null for a
/// direct API call), which sets <c>kms:ViaService</c> to <c>SERVICE.REGION.amazonaws.com</c>.
/// </summary>
public sealed record KmsCall(CallContext Call, string? ViaService = null)
{
    public string AccountId => Call.AccountId;

    public string Region => Call.Region;

    public static KmsCall Direct(CallContext call) => new(call);

    public static KmsCall Via(CallContext call, string service) => new(call, $"{service}.{call.Region}.amazonaws.com");
}
