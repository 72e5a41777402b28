using Gitstead.CodeCommit.Git;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>Author or committer as git records them; <paramref name="Date"/> is git's raw <c>"EPOCH ±hhmm"</c>.</summary>
internal sealed record CommitPerson(string Name, string Email, string Date);

/// <summary>A commit object as GetCommit returns it.</summary>
internal sealed record CommitView(
    string CommitId,
    string TreeId,
    IReadOnlyList<string> Parents,
    string Message,
    CommitPerson? Author,
    CommitPerson? Committer);

/// <summary>Reads commit objects with <c>git cat-file</c>.</summary>
internal sealed class CommitService
{
    /// <summary>The commit; InvalidCommitIdException for a malformed id, CommitIdDoesNotExistException when there is no such commit.</summary>
    public async Task<CommitView> GetAsync(RepositoryInfo repository, string commitId, CancellationToken ct)
    {
        var id = GitObjectIds.Normalize(commitId) ?? throw CodeCommitErrors.InvalidCommitId(commitId);
        var result = await GitCommand.InRepositoryAsync(repository.Path, ["cat-file", "commit"], [id], ct);
        return result.Succeeded ? Parse(id, result.Stdout) : throw CodeCommitErrors.CommitIdDoesNotExist(id);
    }

    /// <summary>Parses a raw commit: header lines up to the first empty line, then the message.</summary>
    internal static CommitView Parse(string id, string raw)
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

        return new CommitView(id, tree, parents, message, author, committer);
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
