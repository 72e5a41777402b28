using Gitstead.Aws;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>What the Git transport needs to serve a repository.</summary>
/// <param name="Key">Database key; pass it back to <see cref="RepositoryStore"/>.</param>
/// <param name="RepositoryId">UUID; names the directory on disk and is the KMS encryption context.</param>
/// <param name="Name">Repository name (case-sensitive).</param>
/// <param name="AccountId">Owning account.</param>
/// <param name="Region">Region the repository lives in.</param>
/// <param name="Path">The bare repository: <c>DATA_DIR/repositories/{RepositoryId}.git</c>.</param>
/// <param name="DefaultBranch">Short branch name, or null until a branch has been pushed.</param>
/// <param name="KmsKeyId">The id of the KMS key the repository is encrypted under; null for a repository made before KMS.</param>
/// <param name="DataKeyCiphertext">The repository's data key as KMS encrypted it; null for a repository made before KMS.</param>
internal sealed record RepositoryInfo(
    long Key,
    string RepositoryId,
    string Name,
    string AccountId,
    string Region,
    string Path,
    string? DefaultBranch,
    string? KmsKeyId = null,
    byte[]? DataKeyCiphertext = null)
{
    /// <summary>The resource ARN to authorize <c>codecommit:GitPull</c> / <c>GitPush</c> on.</summary>
    public string Arn => Arns.Repository(Region, AccountId, Name);
}
