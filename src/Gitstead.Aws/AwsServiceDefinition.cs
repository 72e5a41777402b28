namespace Gitstead.Aws;

/// <summary>Handles one operation: parse, authorize, call the service, render.</summary>
public delegate Task<AwsResult> AwsOperationHandler(AwsRequestContext context);

/// <summary>One emulated AWS service and its operation table.</summary>
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
    IReadOnlyDictionary<string, AwsOperationHandler> Operations);
