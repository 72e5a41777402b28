namespace Gitstead.Aws;

/// <summary>Handles one operation: parse the wire format, call a service, render the result.</summary>
public delegate Task<AwsResult> AwsOperationHandler(AwsRequestContext context);

/// <summary>
/// One emulated AWS service and its operation table. Each service lists every operation it
/// serves in one file (<c>IamOperations.cs</c>, <c>CodeCommitOperations.cs</c>, …), made with
/// <see cref="Query"/> or <see cref="Json"/>.
/// </summary>
/// <param name="SigningName">SigV4 service name in the credential scope (<c>iam</c>, <c>sts</c>, <c>codecommit</c>).</param>
/// <param name="Protocol">Wire protocol.</param>
/// <param name="ApiVersion">e.g. <c>2010-05-08</c>; the Query <c>Version</c> parameter.</param>
/// <param name="XmlNamespace">Query services: the response namespace.</param>
/// <param name="TargetPrefix">JSON services: the <c>X-Amz-Target</c> prefix before the dot.</param>
/// <param name="Operations">Operation name → handler.</param>
public sealed record AwsServiceDefinition(
    string SigningName,
    AwsProtocol Protocol,
    string ApiVersion,
    string? XmlNamespace,
    string? TargetPrefix,
    IReadOnlyDictionary<string, AwsOperationHandler> Operations)
{
    /// <summary>CloudTrail's <c>eventSource</c> of the service's calls (<c>iam.amazonaws.com</c>), made once rather than per event.</summary>
    public string EventSource { get; } = SigningName + ".amazonaws.com";

    /// <summary>How large a request body may be unless the operation says otherwise: API bodies are small (policy documents, 128 KiB URL-encoded at most, are the largest).</summary>
    public const int DefaultMaxBodyBytes = 1 << 20;

    /// <summary>Operations whose bodies may be larger than <see cref="DefaultMaxBodyBytes"/> (those that carry file content), and their limits in bytes.</summary>
    public IReadOnlyDictionary<string, int> BodyLimits { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// True for IAM: "You cannot call any IAM API operations unless MFA authentication
    /// information is included in the request" (GetSessionToken), so session credentials made
    /// without MFA are refused and a stolen session token cannot mint long-term keys.
    /// </summary>
    public bool RequiresMfaForSessions { get; init; }

    /// <summary>The largest request body <paramref name="operation"/> accepts.</summary>
    public int MaxBodyBytes(string operation) => BodyLimits.GetValueOrDefault(operation, DefaultMaxBodyBytes);

    /// <summary>An awsQuery service (form-encoded request, XML response).</summary>
    public static AwsServiceDefinition Query(string signingName, string apiVersion, string xmlNamespace, IDictionary<string, AwsOperationHandler> operations) =>
        new(signingName, AwsProtocol.Query, apiVersion, xmlNamespace, null, Table(operations));

    /// <summary>A JSON 1.1 service (<c>X-Amz-Target: PREFIX.Operation</c>).</summary>
    public static AwsServiceDefinition Json(string signingName, string apiVersion, string targetPrefix, IDictionary<string, AwsOperationHandler> operations) =>
        new(signingName, AwsProtocol.Json, apiVersion, null, targetPrefix, Table(operations));

    private static Dictionary<string, AwsOperationHandler> Table(IDictionary<string, AwsOperationHandler> operations) =>
        new(operations, StringComparer.Ordinal);
}
