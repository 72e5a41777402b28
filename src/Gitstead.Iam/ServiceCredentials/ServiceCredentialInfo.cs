using Gitstead.Storage.Entities;

namespace Gitstead.Iam.ServiceCredentials;

/// <summary>An HTTPS Git credential (a service-specific credential): never its password.</summary>
/// <param name="Id">The credential's id, <c>ACCA…</c>.</param>
/// <param name="UserName">The IAM user it belongs to.</param>
/// <param name="ServiceName"><c>codecommit.amazonaws.com</c>.</param>
/// <param name="ServiceUserName">What Git sends as user name: <c>USER-at-ACCOUNT</c>, or <c>USER+1-at-ACCOUNT</c> for the second.</param>
/// <param name="Status"><c>Active</c> or <c>Inactive</c>.</param>
/// <param name="CreateDate">When it was created (UTC).</param>
/// <param name="LastUsedDate">When a Git request last authenticated with it (UTC, to the minute, from the audit trail); null if never.</param>
public sealed record ServiceCredentialInfo(string Id, string UserName, string ServiceName, string ServiceUserName, string Status, DateTime CreateDate, DateTime? LastUsedDate = null)
{
    internal static ServiceCredentialInfo From(ServiceSpecificCredential credential, string userName) => new(
        credential.Id, userName, credential.ServiceName, credential.ServiceUserName, credential.Status, credential.CreateDate, credential.LastUsedDate);
}

/// <summary>A credential with its password, just created or reset: shown this once and never stored.</summary>
public sealed record IssuedServiceCredential(ServiceCredentialInfo Credential, string Password);
