namespace Gitstead.Storage.Entities;

/// <summary>A long-term access key of an IAM user or of the account root.</summary>
public sealed class AccessKey
{
    /// <summary><c>AKIA…</c>.</summary>
    public required string AccessKeyId { get; set; }

    public required string AccountId { get; set; }

    /// <summary>Owning user; null for the account root.</summary>
    public long? UserKey { get; set; }

    /// <summary>0 or 1: a unique index on (account, user, slot) enforces two keys per owner.</summary>
    public int Slot { get; set; }

    /// <summary>The secret access key, envelope-encrypted (it must be recoverable to verify SigV4).</summary>
    public required byte[] SecretCiphertext { get; set; }

    public required string Status { get; set; }

    public DateTime CreateDate { get; set; }

    public DateTime? LastUsedDate { get; set; }

    public string? LastUsedService { get; set; }

    public string? LastUsedRegion { get; set; }
}

/// <summary>Temporary credentials from <c>sts:GetSessionToken</c>.</summary>
public sealed class SessionCredential
{
    /// <summary><c>ASIA…</c>.</summary>
    public required string AccessKeyId { get; set; }

    public required string AccountId { get; set; }

    public long? UserKey { get; set; }

    public required string ParentAccessKeyId { get; set; }

    public required byte[] SecretCiphertext { get; set; }

    /// <summary>Keyed hash of the session token; the token itself is never stored.</summary>
    public required byte[] TokenHash { get; set; }

    public DateTime Expiration { get; set; }

    public DateTime CreateDate { get; set; }

    public bool MultiFactorAuthPresent { get; set; }
}

/// <summary>A service-specific credential (HTTPS Git credentials for CodeCommit).</summary>
public sealed class ServiceSpecificCredential
{
    /// <summary><c>ACCA…</c>.</summary>
    public required string Id { get; set; }

    public required string AccountId { get; set; }

    public long UserKey { get; set; }

    public required string ServiceName { get; set; }

    /// <summary><c>USER-at-ACCOUNT</c> or <c>USER+1-at-ACCOUNT</c>; unique, used to log in.</summary>
    public required string ServiceUserName { get; set; }

    /// <summary>0 or 1; unique per (user, service).</summary>
    public int Slot { get; set; }

    /// <summary>HMAC-SHA-256 of the password under the server's credential key.</summary>
    public required byte[] PasswordHash { get; set; }

    public required string Status { get; set; }

    public DateTime CreateDate { get; set; }

    /// <summary>When a Git request last authenticated with it (UTC, to the minute); null if never.</summary>
    public DateTime? LastUsedDate { get; set; }
}

/// <summary>An SSH public key of an IAM user.</summary>
public sealed class SshPublicKey
{
    /// <summary><c>APKA…</c>.</summary>
    public required string Id { get; set; }

    public required string AccountId { get; set; }

    public long UserKey { get; set; }

    public required string Body { get; set; }

    public required string Fingerprint { get; set; }

    public required string Status { get; set; }

    public DateTime UploadDate { get; set; }

    /// <summary>When a Git request last authenticated with it (UTC, to the minute); null if never.</summary>
    public DateTime? LastUsedDate { get; set; }
}
