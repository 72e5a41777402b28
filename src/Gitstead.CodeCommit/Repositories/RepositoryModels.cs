using System.Globalization;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>What CreateRepository asks for; checked by <see cref="RepositoryService.CreateAsync"/>.</summary>
/// <param name="Name">The repository name (required).</param>
/// <param name="Description">Up to 1,000 characters.</param>
/// <param name="KmsKeyId">A key id, key ARN, alias name or alias ARN.</param>
/// <param name="Tags">Up to 50 tags.</param>
public sealed record NewRepository(
    string? Name,
    string? Description = null,
    string? KmsKeyId = null,
    IReadOnlyDictionary<string, string>? Tags = null);

/// <summary>A repository as GetRepository describes it (botocore <c>RepositoryMetadata</c>).</summary>
public sealed record RepositoryMetadata(
    string AccountId,
    string RepositoryId,
    string Name,
    string? Description,
    string? DefaultBranch,
    DateTime LastModifiedDate,
    DateTime CreationDate,
    string CloneUrlHttp,
    string CloneUrlSsh,
    string Arn,
    string? KmsKeyId);

/// <summary>A repository in a list: its name and id.</summary>
public sealed record RepositorySummary(string Name, string RepositoryId);

/// <summary>BatchGetRepositories: the repositories found, in the order asked, and the names not found.</summary>
public sealed record RepositoryBatch(IReadOnlyList<RepositoryMetadata> Repositories, IReadOnlyList<string> NotFound);

/// <summary>How ListRepositories orders its pages.</summary>
public enum RepositorySort
{
    RepositoryName,
    LastModifiedDate,
}

/// <summary>A branch: its short name and the commit it points at.</summary>
public sealed record BranchInfo(string Name, string CommitId);

/// <summary>Author or committer as git records them; <paramref name="Date"/> is git's raw <c>"EPOCH ±hhmm"</c>.</summary>
public sealed record CommitPerson(string Name, string Email, string Date)
{
    /// <summary><see cref="Date"/> as a point in time at the offset git recorded; null when it does not read as git's raw form.</summary>
    public DateTimeOffset? Time
    {
        get
        {
            var parts = Date.Split(' ');
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
                || parts[1].Length != 5 || parts[1][0] is not ('+' or '-')
                || !int.TryParse(parts[1].AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
                || !int.TryParse(parts[1].AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
                || minutes > 59)
            {
                return null;
            }

            try
            {
                var offset = new TimeSpan(hours, minutes, 0) * (parts[1][0] == '-' ? -1 : 1);
                return DateTimeOffset.FromUnixTimeSeconds(seconds).ToOffset(offset);
            }
            catch (ArgumentOutOfRangeException)
            {
                return null; // a time or an offset (past ±14 h) that DateTimeOffset cannot hold
            }
        }
    }
}

/// <summary>A commit object as GetCommit returns it.</summary>
public sealed record CommitInfo(
    string CommitId,
    string TreeId,
    IReadOnlyList<string> Parents,
    string Message,
    CommitPerson? Author,
    CommitPerson? Committer);

/// <summary>UpdateRepositoryEncryptionKey's answer: the repository, its new key id and the one it replaced (null if it had none).</summary>
public sealed record EncryptionKeyChange(string RepositoryId, string KmsKeyId, string? OriginalKmsKeyId);
