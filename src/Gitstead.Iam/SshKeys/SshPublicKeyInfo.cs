using Gitstead.Storage.Entities;

namespace Gitstead.Iam.SshKeys;

/// <summary>An SSH public key of an IAM user.</summary>
/// <param name="UserName">The user it belongs to.</param>
/// <param name="SshPublicKeyId">The key's id, <c>APKA…</c>: the user name of CodeCommit over SSH.</param>
/// <param name="Fingerprint">MD5 fingerprint of the key, as <c>aa:bb:…</c>.</param>
/// <param name="Body">The key in the encoding asked for (OpenSSH unless said otherwise).</param>
/// <param name="Status"><c>Active</c> or <c>Inactive</c>.</param>
/// <param name="UploadDate">When it was uploaded (UTC).</param>
/// <param name="LastUsedDate">When a Git request over SSH last authenticated with it (UTC, to the minute, from the audit trail); null if never.</param>
public sealed record SshPublicKeyInfo(string UserName, string SshPublicKeyId, string Fingerprint, string Body, string Status, DateTime UploadDate, DateTime? LastUsedDate = null)
{
    internal static SshPublicKeyInfo From(SshPublicKey key, string userName) =>
        new(userName, key.Id, key.Fingerprint, key.Body, key.Status, key.UploadDate, key.LastUsedDate);
}

/// <summary>How GetSSHPublicKey returns a key's body.</summary>
public enum SshPublicKeyEncoding
{
    /// <summary>OpenSSH format: <c>ssh-rsa AAAA…</c>.</summary>
    Ssh,

    /// <summary>PEM: a <c>BEGIN PUBLIC KEY</c> block.</summary>
    Pem,
}
