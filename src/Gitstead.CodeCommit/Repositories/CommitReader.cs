using System.Text;
using Gitstead.CodeCommit.Git;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>Reads commit objects through the repository's long-lived <c>git cat-file --batch</c> (<see cref="CatFilePool"/>).</summary>
internal sealed class CommitReader(CatFilePool objects)
{
    /// <summary>Far above any real commit; the cap only keeps a crafted object from filling memory.</summary>
    private const int MaxCommitBytes = 32 * 1024 * 1024;

    /// <summary>
    /// The commit; InvalidCommitIdException for a malformed id, CommitIdDoesNotExistException when
    /// there is no such commit. As with <c>git cat-file commit ID</c>, an annotated tag is peeled
    /// to its commit, and any other object (blob, tree) is no commit.
    /// </summary>
    internal async Task<CommitInfo> ReadAsync(RepositoryInfo repository, string commitId, CancellationToken ct)
    {
        var id = GitObjectIds.Normalize(commitId) ?? throw CodeCommitErrors.InvalidCommitId(commitId);
        var commit = await objects.ReadAsync(repository.Path, id + "^{commit}", MaxCommitBytes, ct);
        return commit is { Type: "commit" }
            ? Parse(id, Encoding.UTF8.GetString(commit.Content))
            : throw CodeCommitErrors.CommitIdDoesNotExist(id);
    }

    /// <summary>
    /// The commit a checked specifier (<see cref="CommitSpecifiers"/>) leads to, an annotated tag
    /// peeled; CommitDoesNotExistException when it leads to none. Its id is the commit's own.
    /// </summary>
    internal async Task<CommitInfo> ResolveAsync(RepositoryInfo repository, string gitName, CancellationToken ct)
    {
        var commit = await objects.ReadAsync(repository.Path, gitName + "^{commit}", MaxCommitBytes, ct);
        return commit is { Type: "commit" }
            ? Parse(commit.Id, Encoding.UTF8.GetString(commit.Content))
            : throw CodeCommitErrors.CommitSpecifierDoesNotExist(gitName);
    }

    /// <summary>Parses a raw commit: header lines up to the first empty line, then the message.</summary>
    internal static CommitInfo Parse(string id, string raw)
    {
        var split = raw.IndexOf("\n\n", StringComparison.Ordinal);
        var header = split < 0 ? raw : raw[..split];
        var message = split < 0 ? "" : raw[(split + 2)..];
        string tree = "";
        var parents = new List<string>();
        CommitPerson? author = null, committer = null;
        foreach (var line in header.Split('\n'))
        {
            var space = line.IndexOf(' ');
            if (space <= 0)
            {
                continue; // continuation lines of multi-line headers (gpgsig) start with a space
            }

            var value = line[(space + 1)..];
            switch (line[..space])
            {
                case "tree": tree = value; break;
                case "parent": parents.Add(value); break;
                case "author": author = Person(value); break;
                case "committer": committer = Person(value); break;
            }
        }

        return new CommitInfo(id, tree, parents, message, author, committer);
    }

    /// <summary><c>Name &lt;email&gt; 1484167798 -0800</c>.</summary>
    private static CommitPerson Person(string value)
    {
        var close = value.LastIndexOf('>');
        var open = close < 0 ? -1 : value.LastIndexOf('<', close);
        if (open < 0)
        {
            return new CommitPerson(value.Trim(), "", "");
        }

        return new CommitPerson(value[..open].TrimEnd(), value[(open + 1)..close], value[(close + 1)..].Trim());
    }
}
