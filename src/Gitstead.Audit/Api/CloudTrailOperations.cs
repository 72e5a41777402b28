using Gitstead.Aws;

namespace Gitstead.Audit.Api;

/// <summary>
/// The CloudTrail operation table (JSON 1.1,
/// <c>X-Amz-Target: com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.OP</c>, signing name <c>cloudtrail</c>).
/// </summary>
internal static class CloudTrailOperations
{
    public const string TargetPrefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";

    public static AwsServiceDefinition Create(LookupEventsApi lookup) =>
        AwsServiceDefinition.Json("cloudtrail", "2013-11-01", TargetPrefix, new Dictionary<string, AwsOperationHandler>
        {
            ["LookupEvents"] = lookup.LookupEventsAsync,
        });
}
