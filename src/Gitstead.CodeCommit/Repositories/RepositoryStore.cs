using Gitstead.CodeCommit.Git;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// Repositories of an account in a region: their rows, and their bare repositories on disk.
/// No authorization here: <see cref="RepositoryService"/> authorizes API calls before it asks,
/// and the Git transport authorizes Git requests before its lookup.
/// </summary>
internal sealed partial class RepositoryStore(IGitsteadDb db, PreparedReads reads, DataDirectory dataDir, TimeProvider time, CatFilePool objects, RepositoryKeys keys)
{
    private readonly BareRepositories _disk = new(dataDir, objects);

    /// <summary>
    /// The repository <paramref name="name"/> (case-sensitive) of the account in the region, or
    /// null when there is none (also for a name that is not a valid repository name). One indexed query, kept prepared.
    /// </summary>
    public async Task<RepositoryInfo?> FindAsync(string accountId, string region, string name, CancellationToken cancellationToken)
    {
        if (!RepositoryRules.IsValidName(name))
        {
            return null;
        }

        var row = await reads.ReadAsync(ByName, cancellationToken, accountId, region, name);
        return row is null
            ? null
            : new RepositoryInfo(row.Key, row.RepositoryId, row.RepositoryName, row.AccountId, row.Region, _disk.PathOf(row.RepositoryId), row.DefaultBranch, row.KmsKeyId, row.DataKeyCiphertext);
    }

    /// <summary>
    /// The row by the unique (account, region, name) index, without tags: every Git request's
    /// lookup and GetRepository's, kept prepared (<see cref="PreparedReads"/>).
    /// </summary>
    private static readonly PreparedRead<Repository> ByName = new(
        """
        SELECT "Key", "AccountId", "Region", "RepositoryId", "RepositoryName", "Description", "DefaultBranch", "KmsKeyId",
               "DataKeyCiphertext", "CreationDate", "LastModifiedDate"
        FROM "Repositories"
        WHERE "AccountId" = @p0 AND "Region" = @p1 AND "RepositoryName" = @p2
        """,
        r => !r.Read() ? null : new Repository
        {
            Key = r.GetInt64(0),
            AccountId = r.GetString(1),
            Region = r.GetString(2),
            RepositoryId = r.GetString(3),
            RepositoryName = r.GetString(4),
            Description = r.GetStringOrNull(5),
            DefaultBranch = r.GetStringOrNull(6),
            KmsKeyId = r.GetStringOrNull(7),
            DataKeyCiphertext = r.GetBytesOrNull(8),
            CreationDate = r.GetDateTime(9),
            LastModifiedDate = r.GetDateTime(10),
        });

    /// <summary>
    /// Makes <paramref name="branch"/> (<c>main</c> or <c>refs/heads/main</c>) the default branch
    /// and HEAD of a repository that has none yet, as the first pushed branch does on CodeCommit.
    /// Does nothing when a default branch is already set or the repository is gone.
    /// </summary>
    public async Task SetDefaultBranchIfUnsetAsync(long repositoryKey, string branch, CancellationToken cancellationToken)
    {
        branch = ShortBranchName(branch);
        await using var context = db.Create();
        var now = Now();
        var updated = await context.Repositories
            .Where(r => r.Key == repositoryKey && r.DefaultBranch == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.DefaultBranch, branch).SetProperty(r => r.LastModifiedDate, now), cancellationToken);
        if (updated == 0)
        {
            return;
        }

        var repositoryId = await context.Repositories.Where(r => r.Key == repositoryKey).Select(r => r.RepositoryId).FirstAsync(cancellationToken);
        await _disk.SetHeadAsync(_disk.PathOf(repositoryId), branch, cancellationToken);
    }

    /// <summary>Sets the repository's lastModifiedDate to now (after a push changed its refs).</summary>
    public async Task TouchAsync(long repositoryKey, CancellationToken cancellationToken)
    {
        await using var context = db.Create();
        var now = Now();
        await context.Repositories.Where(r => r.Key == repositoryKey)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastModifiedDate, now), cancellationToken);
    }

    /// <summary>The repository, or RepositoryDoesNotExistException.</summary>
    public async Task<RepositoryInfo> RequireAsync(string accountId, string region, string name, CancellationToken ct) =>
        await FindAsync(accountId, region, name, ct) ?? throw CodeCommitErrors.RepositoryDoesNotExist(name);

    /// <summary>
    /// The repository, or RepositoryDoesNotExistException, once KMS has let the caller use its key
    /// for <paramref name="use"/> (Encryption* exceptions otherwise). Call after authorizing the
    /// CodeCommit action, as every content operation does.
    /// </summary>
    public async Task<RepositoryInfo> OpenAsync(Gitstead.Aws.CallContext call, string name, KeyUse use, CancellationToken ct)
    {
        var repository = await RequireAsync(call.AccountId, call.Region, name, ct);
        await keys.OpenAsync(call, repository, use, ct);
        return repository;
    }

    /// <summary>The row of a repository (without tags), or RepositoryDoesNotExistException.</summary>
    public async Task<Repository> GetAsync(string accountId, string region, string name, CancellationToken ct)
    {
        return await reads.ReadAsync(ByName, ct, accountId, region, name) ?? throw CodeCommitErrors.RepositoryDoesNotExist(name);
    }

    /// <summary>The rows of those of <paramref name="names"/> that exist, in no particular order.</summary>
    public async Task<List<Repository>> GetManyAsync(string accountId, string region, IReadOnlyCollection<string> names, CancellationToken ct)
    {
        if (names.Count == 0)
        {
            return [];
        }

        await using var context = db.Create();
        return await context.Repositories.AsNoTracking()
            .Where(r => r.AccountId == accountId && r.Region == region && names.Contains(r.RepositoryName))
            .ToListAsync(ct);
    }

    /// <summary>Records a new default branch (which must exist) and points HEAD at it.</summary>
    public async Task SetDefaultBranchAsync(RepositoryInfo repository, string branch, CancellationToken ct)
    {
        await using var context = db.Create();
        var now = Now();
        var updated = await context.Repositories.Where(r => r.Key == repository.Key)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.DefaultBranch, branch).SetProperty(r => r.LastModifiedDate, now), ct);
        if (updated == 0)
        {
            throw CodeCommitErrors.RepositoryDoesNotExist(repository.Name);
        }

        await _disk.SetHeadAsync(repository.Path, branch, ct);
    }

    /// <summary>Now, to the millisecond, so every provider stores and returns the same instant.</summary>
    private DateTime Now()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    private static string ShortBranchName(string branch) =>
        branch.StartsWith("refs/heads/", StringComparison.Ordinal) ? branch["refs/heads/".Length..] : branch;
}
