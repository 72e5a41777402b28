using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.CodeCommit.Repositories;

internal sealed partial class RepositoryStore
{
    /// <summary>
    /// Creates the bare repository, then its row; if the row cannot be written the directory is
    /// removed again, so neither exists without the other.
    /// </summary>
    public async Task<Repository> CreateAsync(string accountId, string region, NewRepository request, string repositoryId, RepositoryKey key, CancellationToken ct)
    {
        var name = request.Name ?? throw new ArgumentException("A checked request names its repository.", nameof(request));
        await using var context = db.Create();
        if (await NameTakenAsync(context, accountId, region, name, ct))
        {
            throw CodeCommitErrors.RepositoryNameExists(name);
        }

        var now = Now();
        var row = new Repository
        {
            AccountId = accountId,
            Region = region,
            RepositoryId = repositoryId,
            RepositoryName = name,
            Description = request.Description,
            KmsKeyId = key.KmsKeyId,
            DataKeyCiphertext = key.DataKeyCiphertext,
            CreationDate = now,
            LastModifiedDate = now,
            Tags = (request.Tags ?? new Dictionary<string, string>()).Select(t => new RepositoryTag { Key = t.Key, Value = t.Value }).ToList(),
        };
        await _disk.CreateAsync(row.RepositoryId, ct);
        try
        {
            context.Repositories.Add(row);
            await context.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            _disk.Remove(row.RepositoryId);
            await using var check = db.Create();
            if (ex is DbUpdateException && await NameTakenAsync(check, accountId, region, name, CancellationToken.None))
            {
                // A concurrent create of the same name won the unique index.
                throw CodeCommitErrors.RepositoryNameExists(name);
            }

            throw;
        }

        return row;
    }

    /// <summary>Renames the row only: the directory is named by the repository id.</summary>
    public async Task RenameAsync(string accountId, string region, string oldName, string newName, CancellationToken ct)
    {
        await using var context = db.Create();
        if (oldName != newName && await NameTakenAsync(context, accountId, region, newName, ct))
        {
            throw CodeCommitErrors.RepositoryNameExists(newName);
        }

        var now = Now();
        int updated;
        try
        {
            updated = await context.Repositories
                .Where(r => r.AccountId == accountId && r.Region == region && r.RepositoryName == oldName)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.RepositoryName, newName).SetProperty(r => r.LastModifiedDate, now), ct);
        }
        catch (DbUpdateException)
        {
            throw CodeCommitErrors.RepositoryNameExists(newName);
        }

        if (updated == 0)
        {
            throw CodeCommitErrors.RepositoryDoesNotExist(oldName);
        }
    }

    /// <summary>Sets the description; null clears it.</summary>
    public async Task UpdateDescriptionAsync(string accountId, string region, string name, string? description, CancellationToken ct)
    {
        await using var context = db.Create();
        var now = Now();
        var updated = await context.Repositories
            .Where(r => r.AccountId == accountId && r.Region == region && r.RepositoryName == name)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Description, description).SetProperty(r => r.LastModifiedDate, now), ct);
        if (updated == 0)
        {
            throw CodeCommitErrors.RepositoryDoesNotExist(name);
        }
    }

    /// <summary>
    /// Deletes the repository and its files; returns its id, or null when there was none (not an
    /// error on CodeCommit). The directory is set aside first and put back if the row stays.
    /// </summary>
    public async Task<string?> DeleteAsync(string accountId, string region, string name, CancellationToken ct)
    {
        await using var context = db.Create();
        var row = await context.Repositories.AsNoTracking()
            .Where(r => r.AccountId == accountId && r.Region == region && r.RepositoryName == name)
            .Select(r => new { r.Key, r.RepositoryId })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var aside = _disk.SetAside(row.RepositoryId);
        int deleted;
        try
        {
            deleted = await context.Repositories.Where(r => r.Key == row.Key).ExecuteDeleteAsync(CancellationToken.None);
        }
        catch
        {
            _disk.Restore(aside, row.RepositoryId);
            throw;
        }

        _disk.Purge(aside);
        return deleted == 0 ? null : row.RepositoryId;
    }

    private static Task<bool> NameTakenAsync(Gitstead.Storage.GitsteadDbContext context, string accountId, string region, string name, CancellationToken ct) =>
        context.Repositories.AnyAsync(r => r.AccountId == accountId && r.Region == region && r.RepositoryName == name, ct);
}
