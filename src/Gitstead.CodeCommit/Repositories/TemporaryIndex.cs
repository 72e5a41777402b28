using System.Text;
using Gitstead.CodeCommit.Git;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// A git index of its own (<c>GIT_INDEX_FILE</c> in a private temporary folder) over a bare
/// repository, to turn a tree and a list of changes into a new tree without a working tree:
/// <c>git read-tree</c>, <c>git update-index -z --index-info</c>, <c>git write-tree</c>.
/// Disposing deletes the folder.
/// </summary>
internal sealed class TemporaryIndex : IDisposable
{
    private readonly string _repositoryPath;
    private readonly string _folder;
    private readonly Dictionary<string, string> _environment;

    private TemporaryIndex(string repositoryPath)
    {
        _repositoryPath = repositoryPath;
        _folder = Path.Combine(Path.GetTempPath(), "gitstead-index", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["GIT_INDEX_FILE"] = Path.Combine(_folder, "index") };
    }

    /// <summary>An index holding <paramref name="treeId"/>, or nothing when null.</summary>
    public static async Task<TemporaryIndex> ReadAsync(string repositoryPath, string? treeId, CancellationToken ct)
    {
        var index = new TemporaryIndex(repositoryPath);
        try
        {
            (await index.RunAsync(treeId is null ? ["read-tree", "--empty"] : ["read-tree"], treeId is null ? [] : [treeId], default, ct)).Expect("git read-tree");
            return index;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Applies <c>MODE SP ID TAB PATH</c> entries (mode <c>0</c> removes the path), NUL-terminated
    /// so a path may hold any character.
    /// </summary>
    public async Task UpdateAsync(IEnumerable<IndexChange> changes, CancellationToken ct)
    {
        var input = new StringBuilder();
        foreach (var change in changes)
        {
            input.Append(change.Mode).Append(' ').Append(change.ObjectId).Append('\t').Append(change.Path).Append('\0');
        }

        (await RunAsync(["update-index", "-z", "--index-info"], [], Encoding.UTF8.GetBytes(input.ToString()), ct)).Expect("git update-index");
    }

    /// <summary>Writes the index as trees into the repository; the root tree's id.</summary>
    public async Task<string> WriteTreeAsync(CancellationToken ct) =>
        (await RunAsync(["write-tree"], [], default, ct)).Expect("git write-tree").Trim();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // left for the temporary folder's own cleaning
        }
    }

    private Task<GitResult> RunAsync(IReadOnlyList<string> options, IReadOnlyList<string> values, ReadOnlyMemory<byte> input, CancellationToken ct) =>
        GitCommand.RunAsync(GitInvocation.InRepository(_repositoryPath, options, values) with { Input = input, Environment = _environment }, ct);
}

/// <summary>One line of <c>git update-index --index-info</c>: <paramref name="Mode"/> <c>0</c> with a zero id removes <paramref name="Path"/>.</summary>
internal sealed record IndexChange(string Mode, string ObjectId, string Path)
{
    public static IndexChange Remove(string path, int idLength) => new("0", new string('0', idLength), path);
}
