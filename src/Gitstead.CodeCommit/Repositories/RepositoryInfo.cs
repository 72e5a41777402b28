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
internal sealed record RepositoryInfo(
    long Key,
    string RepositoryId,
    string Name,
    string AccountId,
    string Region,
    string Path,
    string? DefaultBranch)
{
    /// <summary>The resource ARN to authorize <c>codecommit:GitPull</c> / <c>GitPush</c> on.</summary>
    public string Arn => Arns.Repository(Region, AccountId, Name);
}
