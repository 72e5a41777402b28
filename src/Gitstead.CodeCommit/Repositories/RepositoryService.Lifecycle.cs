using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>A validated CreateRepository request.</summary>
internal sealed record NewRepository(
    string AccountId,
    string Region,
    string Name,
    string? Description,
    string? KmsKeyId,
    IReadOnlyDictionary<string, string> Tags);

public sealed partial class RepositoryService
{
    /// <summary>
    /// Creates the bare repository, then its row; if the row cannot be written the directory is
    /// removed again, so neither exists without the other.
    /// </summary>
    internal async Task<Repository> CreateAsync(NewRepository request, CancellationToken ct)
    {
        await using var context = db.Create();
        if (await NameTakenAsync(context, request.AccountId, request.Region, request.Name, ct))
        {
            throw CodeCommitErrors.RepositoryNameExists(request.Name);
        }

        var now = Now();
        var row = new Repository
        {
            AccountId = request.AccountId,
            Region = request.Region,
            RepositoryId = Guid.NewGuid().ToString("D"),
            RepositoryName = request.Name,
            Description = request.Description,
            KmsKeyId = request.KmsKeyId,
            CreationDate = now,
            LastModifiedDate = now,
            Tags = request.Tags.Select(t => new RepositoryTag { Key = t.Key, Value = t.Value }).ToList(),
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
            if (ex is DbUpdateException && await NameTakenAsync(check, request.AccountId, request.Region, request.Name, CancellationToken.None))
            {
                // A concurrent create of the same name won the unique index.
                throw CodeCommitErrors.RepositoryNameExists(request.Name);
            }

            throw;
        }

        return row;
    }

    /// <summary>Renames the row only: the directory is named by the repository id.</summary>
    internal async Task RenameAsync(string accountId, string region, string oldName, string newName, CancellationToken ct)
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
    internal async Task UpdateDescriptionAsync(string accountId, string region, string name, string? description, CancellationToken ct)
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
    internal async Task<string?> DeleteAsync(string accountId, string region, string name, CancellationToken ct)
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
