namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// The right to maintain one repository: an exclusive advisory lock (<c>flock</c>, which .NET
/// takes for <see cref="FileShare.None"/>) on <see cref="FileName"/> in the bare repository, held
/// while <see cref="RepositoryMaintenance"/> repacks it. The kernel releases it when its holder
/// dies, however it dies, so a lease that can be taken means that no server process on this
/// machine, or on another node sharing the storage through a file system with locks, is
/// maintaining the repository: a multi-pack index or commit graph lock found then was left by
/// a maintenance that was killed, whatever its age.
/// </summary>
internal sealed class MaintenanceLease : IDisposable
{
    /// <summary>Not a <c>*.lock</c> name: git ignores it, and the stale-lock sweep never removes it.</summary>
    public const string FileName = "gitstead-maintenance.lease";

    private readonly FileStream _file;

    private MaintenanceLease(FileStream file) => _file = file;

    /// <summary>Takes the lease of <paramref name="repositoryPath"/>, or null while another holds it or the repository is gone.</summary>
    public static MaintenanceLease? TryTake(string repositoryPath)
    {
        try
        {
            return new MaintenanceLease(new FileStream(
                Path.Combine(repositoryPath, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // held by another maintainer (a sharing violation), or the repository was deleted meanwhile
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
