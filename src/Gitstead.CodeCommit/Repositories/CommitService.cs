using Gitstead.Aws;
using Gitstead.CodeCommit.Git;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>Commits of a repository, read with git; each public method authorizes the caller on the repository first.</summary>
public sealed class CommitService
{
    private readonly RepositoryStore _repositories;
    private readonly IAuthorizer _authorizer;

    internal CommitService(RepositoryStore repositories, IAuthorizer authorizer)
    {
        _repositories = repositories;
        _authorizer = authorizer;
    }

    /// <summary>
    /// GetCommit: <c>codecommit:GetCommit</c>; CommitIdRequiredException, InvalidCommitIdException,
    /// RepositoryDoesNotExistException, CommitIdDoesNotExistException.
    /// </summary>
    public async Task<CommitInfo> GetAsync(CallContext call, string? repositoryName, string? commitId, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        if (string.IsNullOrEmpty(commitId))
        {
            throw CodeCommitErrors.CommitIdRequired();
        }

        await _authorizer.RequireAsync(call, "codecommit:GetCommit", RepositoryService.Arn(call, name), ct);
        var repository = await _repositories.RequireAsync(call.AccountId, call.Region, name, ct);
        return await ReadAsync(repository, commitId, ct);
    }

    /// <summary>The commit; InvalidCommitIdException for a malformed id, CommitIdDoesNotExistException when there is no such commit.</summary>
    internal static async Task<CommitInfo> ReadAsync(RepositoryInfo repository, string commitId, CancellationToken ct)
    {
        var id = GitObjectIds.Normalize(commitId) ?? throw CodeCommitErrors.InvalidCommitId(commitId);
        var result = await GitCommand.InRepositoryAsync(repository.Path, ["cat-file", "commit"], [id], ct);
        return result.Succeeded ? Parse(id, result.Stdout) : throw CodeCommitErrors.CommitIdDoesNotExist(id);
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
