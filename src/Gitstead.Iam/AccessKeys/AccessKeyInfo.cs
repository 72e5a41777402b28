namespace Gitstead.Iam.AccessKeys;

/// <summary>An access key's metadata: never its secret.</summary>
/// <param name="UserName">The owning IAM user; null for a key of the account root.</param>
/// <param name="AccessKeyId"><c>AKIA…</c>.</param>
/// <param name="Status"><c>Active</c> or <c>Inactive</c>.</param>
/// <param name="CreateDate">When the key was created (UTC).</param>
public sealed record AccessKeyInfo(string? UserName, string AccessKeyId, string Status, DateTime CreateDate);

/// <summary>A key just created, with its secret: shown this once, never again.</summary>
public sealed record NewAccessKey(AccessKeyInfo Key, string SecretAccessKey);

/// <summary>When, where and for which service a key was last used; nulls when it never was.</summary>
/// <param name="UserName">The owning IAM user; null for a key of the account root.</param>
/// <param name="LastUsedDate">When (UTC).</param>
/// <param name="ServiceName">The signing name of the service called, e.g. <c>iam</c>.</param>
/// <param name="Region">The region of the call.</param>
public sealed record AccessKeyLastUsed(string? UserName, DateTime? LastUsedDate, string? ServiceName, string? Region);
