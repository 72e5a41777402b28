using System.Text;
using Gitstead.CodeCommit.Git;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>One entry of a git tree, as <c>git ls-tree</c> shows it.</summary>
/// <param name="Mode">git's octal mode as <c>ls-tree</c> prints it: <c>040000</c>, <c>100644</c>, <c>100755</c>, <c>120000</c>, <c>160000</c>.</param>
/// <param name="Type"><c>tree</c>, <c>blob</c> or <c>commit</c> (a submodule's gitlink).</param>
/// <param name="Id">The object id, lower-case hex.</param>
/// <param name="Name">The entry's name (UTF-8; bytes that are not become U+FFFD).</param>
internal sealed record TreeEntry(string Mode, string Type, string Id, string Name)
{
    public bool IsTree => Type == "tree";

    public bool IsBlob => Type == "blob";

    /// <summary>The file mode CodeCommit reports for a blob entry.</summary>
    public FileModeType FileMode => Mode switch
    {
        "100755" => FileModeType.Executable,
        "120000" => FileModeType.Symlink,
        _ => FileModeType.Normal,
    };
}

/// <summary>
/// Trees read through the repository's <c>git cat-file --batch</c> (<see cref="CatFilePool"/>)
/// and parsed from git's raw form (<c>MODE SP NAME NUL ID</c>, the id in binary), so a name
/// of any bytes is read exactly and a path is walked one tree at a time without a process.
/// </summary>
internal sealed class TreeReader(CatFilePool objects)
{
    /// <summary>Far above a folder of a hundred thousand files; the cap only keeps a crafted tree from filling memory.</summary>
    private const int MaxTreeBytes = 64 * 1024 * 1024;

    /// <summary>The entries of the tree <paramref name="treeId"/>, in git's order; null when it is no tree.</summary>
    public async Task<IReadOnlyList<TreeEntry>?> ReadAsync(RepositoryInfo repository, string treeId, CancellationToken ct)
    {
        var tree = await objects.ReadAsync(repository.Path, treeId, MaxTreeBytes, ct);
        return tree is { Type: "tree" } ? Parse(tree.Content, tree.Id.Length / 2) : null;
    }

    /// <summary>
    /// The entry at <paramref name="path"/> (names from the root tree <paramref name="rootTreeId"/>),
    /// or null when some name on the way is missing or is not a folder. The root itself is a tree entry named <c>""</c>.
    /// </summary>
    public async Task<TreeEntry?> FindAsync(RepositoryInfo repository, string rootTreeId, string path, CancellationToken ct)
    {
        var entry = new TreeEntry("040000", "tree", rootTreeId, "");
        foreach (var name in ContentPaths.Segments(path))
        {
            if (!entry.IsTree)
            {
                return null;
            }

            var entries = await ReadAsync(repository, entry.Id, ct);
            entry = entries?.FirstOrDefault(e => e.Name == name);
            if (entry is null)
            {
                return null;
            }
        }

        return entry;
    }

    /// <summary>Parses a raw tree object whose ids are <paramref name="idBytes"/> long (20 for SHA-1, 32 for SHA-256).</summary>
    /// <exception cref="GitCommandException">The bytes are not a well-formed tree.</exception>
    internal static List<TreeEntry> Parse(ReadOnlySpan<byte> raw, int idBytes)
    {
        var entries = new List<TreeEntry>();
        while (!raw.IsEmpty)
        {
            var space = raw.IndexOf((byte)' ');
            var nul = raw.IndexOf((byte)0);
            if (space <= 0 || nul < space || raw.Length < nul + 1 + idBytes)
            {
                throw new GitCommandException("git cat-file returned a tree that is not well formed.");
            }

            var mode = Encoding.ASCII.GetString(raw[..space]).PadLeft(6, '0');
            var name = Encoding.UTF8.GetString(raw[(space + 1)..nul]);
            var id = Convert.ToHexStringLower(raw.Slice(nul + 1, idBytes));
            entries.Add(new TreeEntry(mode, TypeOf(mode), id, name));
            raw = raw[(nul + 1 + idBytes)..];
        }

        return entries;
    }

    private static string TypeOf(string mode) => mode switch
    {
        "040000" => "tree",
        "160000" => "commit",
        _ => "blob",
    };
}
