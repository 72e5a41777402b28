using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>Tags of a repository (TagResource, UntagResource, ListTagsForResource). Keys are case-sensitive.</summary>
internal sealed class RepositoryTagService(IGitsteadDb db)
{
    /// <summary>Adds or replaces tags; the result may hold at most 50.</summary>
    public async Task TagAsync(string accountId, string region, string name, IReadOnlyDictionary<string, string> tags, CancellationToken ct)
    {
        RepositoryRules.CheckTags(tags);
        await using var context = db.Create();
        var repository = await LoadAsync(context, accountId, region, name, ct);
        foreach (var (key, value) in tags)
        {
            var existing = repository.Tags.FirstOrDefault(t => t.Key == key);
            if (existing is null)
            {
                repository.Tags.Add(new RepositoryTag { Key = key, Value = value });
            }
            else
            {
                existing.Value = value;
            }
        }

        RepositoryRules.CheckTagCount(repository.Tags.Count);
        await context.SaveChangesAsync(ct);
    }

    /// <summary>Removes the named tags; keys that are not set are ignored.</summary>
    public async Task UntagAsync(string accountId, string region, string name, IReadOnlyList<string> keys, CancellationToken ct)
    {
        foreach (var key in keys)
        {
            RepositoryRules.CheckNotSystemKey(key);
        }

        await using var context = db.Create();
        var repository = await LoadAsync(context, accountId, region, name, ct);
        repository.Tags.RemoveAll(t => keys.Contains(t.Key, StringComparer.Ordinal));
        await context.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyDictionary<string, string>> ListAsync(string accountId, string region, string name, CancellationToken ct)
    {
        await using var context = db.Create();
        var repository = await LoadAsync(context, accountId, region, name, ct);
        return repository.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
    }

    private static async Task<Repository> LoadAsync(GitsteadDbContext context, string accountId, string region, string name, CancellationToken ct) =>
        await context.Repositories.Include(r => r.Tags)
            .FirstOrDefaultAsync(r => r.AccountId == accountId && r.Region == region && r.RepositoryName == name, ct)
        ?? throw CodeCommitErrors.RepositoryDoesNotExist(name);
}
