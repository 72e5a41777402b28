using Gitstead.CodeCommit.Git;
using Gitstead.Storage;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// The bare repositories on disk, named by repository id (never by a name from a request), so
/// renames touch no file. Creation and removal are written so that a failure leaves no half
/// repository behind. A repository set aside or removed has its object readers closed, so no
/// git process keeps it open.
/// </summary>
internal sealed class BareRepositories(DataDirectory dataDir, CatFilePool objects)
{
    public string PathOf(string repositoryId) => dataDir.RepositoryPath(repositoryId);

    /// <summary>Creates an empty bare repository (no sample hooks); removes it again if git fails.</summary>
    public async Task CreateAsync(string repositoryId, CancellationToken ct)
    {
        var path = PathOf(repositoryId);
        Directory.CreateDirectory(dataDir.RepositoriesDirectory);
        try
        {
            var result = await GitCommand.RunAsync(dataDir.RepositoriesDirectory, ["init", "--bare", "--quiet", "--template="], [path], ct);
            result.Expect("git init --bare");
        }
        catch
        {
            RemoveDirectory(path);
            throw;
        }
    }

    /// <summary>
    /// Moves the repository out of the way under a name no lookup uses, so the caller can delete
    /// its row and then <see cref="Purge"/>, or <see cref="Restore"/> it if that fails.
    /// Returns null when there is no directory.
    /// </summary>
    public string? SetAside(string repositoryId)
    {
        var path = PathOf(repositoryId);
        if (!Directory.Exists(path))
        {
            return null;
        }

        var aside = Path.Combine(dataDir.RepositoriesDirectory, $".deleting-{repositoryId}-{Guid.NewGuid():N}");
        Directory.Move(path, aside);
        objects.Evict(path);
        return aside;
    }

    public void Restore(string? aside, string repositoryId)
    {
        if (aside is not null)
        {
            Directory.Move(aside, PathOf(repositoryId));
        }
    }

    public void Purge(string? aside)
    {
        if (aside is not null)
        {
            RemoveDirectory(aside);
        }
    }

    public void Remove(string repositoryId)
    {
        objects.Evict(PathOf(repositoryId));
        RemoveDirectory(PathOf(repositoryId));
    }

    /// <summary>Points HEAD at the default branch, so clones check it out.</summary>
    public async Task SetHeadAsync(string path, string branch, CancellationToken ct)
    {
        var result = await GitCommand.InRepositoryAsync(path, ["symbolic-ref", "HEAD"], ["refs/heads/" + branch], ct);
        result.Expect("git symbolic-ref HEAD");
    }

    private static void RemoveDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
