namespace Gitstead.Aws;

/// <summary>The two wire protocols the emulated services speak.</summary>
public enum AwsProtocol
{
    /// <summary>awsQuery: form-encoded request, XML response (IAM, STS).</summary>
    Query,

    /// <summary>JSON 1.1 with <c>X-Amz-Target</c> (CodeCommit, KMS).</summary>
    Json,
}
