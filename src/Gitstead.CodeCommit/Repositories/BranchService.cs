using Gitstead.CodeCommit.Git;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>A branch: its short name and the commit it points at.</summary>
internal sealed record Branch(string Name, string CommitId);

/// <summary>One page of ListBranches.</summary>
internal sealed record BranchPage(IReadOnlyList<string> Branches, string? NextToken);

/// <summary>
/// Branches are the bare repository's <c>refs/heads/*</c>, read and moved with git itself:
/// names checked by <c>git check-ref-format</c>, and every update given the value it expects
/// to replace, so a concurrent push is never overwritten.
/// </summary>
internal sealed class BranchService(RepositoryService repositories)
{
    public const int PageSize = 1000;

    /// <summary>BranchNameRequiredException for a missing name; the rest is checked by <see cref="CheckNameAsync"/>.</summary>
    public static string RequireName(string? name) =>
        string.IsNullOrEmpty(name) ? throw CodeCommitErrors.BranchNameRequired() : name;

    /// <summary>InvalidBranchNameException unless <c>refs/heads/NAME</c> is a valid ref name for a branch.</summary>
    public static async Task CheckNameAsync(RepositoryInfo repository, string name, CancellationToken ct)
    {
        if (name.Length > 256 || name.StartsWith('-') || name == "HEAD")
        {
            throw CodeCommitErrors.InvalidBranchName(name);
        }

        var result = await GitCommand.RunAsync(repository.Path, ["check-ref-format"], [Ref(name)], ct);
        if (!result.Succeeded)
        {
            throw CodeCommitErrors.InvalidBranchName(name);
        }
    }

    /// <summary>The branch, or null when the repository has no such branch.</summary>
    public async Task<Branch?> FindAsync(RepositoryInfo repository, string name, CancellationToken ct)
    {
        var refs = await ReadRefsAsync(repository, Ref(name), ct);
        return refs.FirstOrDefault(b => b.Name == name);
    }

    public async Task<BranchPage> ListAsync(RepositoryInfo repository, string? nextToken, CancellationToken ct)
    {
        var after = ListToken.Decode(nextToken, "branches");
        var names = (await ReadRefsAsync(repository, "refs/heads/", ct))
            .Select(b => b.Name)
            .Where(n => after is null || string.CompareOrdinal(n, after.Name) > 0)
            .Order(StringComparer.Ordinal)
            .Take(PageSize + 1)
            .ToList();
        if (names.Count <= PageSize)
        {
            return new BranchPage(names, null);
        }

        names.RemoveAt(PageSize);
        return new BranchPage(names, new ListToken("branches", names[^1]).Encode());
    }

    /// <summary>Creates the branch at an existing commit; never moves a branch that exists.</summary>
    public async Task CreateAsync(RepositoryInfo repository, string name, string commitId, CancellationToken ct)
    {
        var type = await GitCommand.InRepositoryAsync(repository.Path, ["cat-file", "-t"], [commitId], ct);
        if (!type.Succeeded || type.Stdout.Trim() != "commit")
        {
            throw CodeCommitErrors.CommitDoesNotExist(commitId);
        }

        if (await FindAsync(repository, name, ct) is not null)
        {
            throw CodeCommitErrors.BranchNameExists(name);
        }

        // An empty old value makes git refuse to overwrite a branch created meanwhile.
        var update = await GitCommand.InRepositoryAsync(repository.Path, ["update-ref"], [Ref(name), commitId, ""], ct);
        if (!update.Succeeded && await FindAsync(repository, name, ct) is not null)
        {
            throw CodeCommitErrors.BranchNameExists(name);
        }

        update.Expect("git update-ref");
        await repositories.TouchAsync(repository.Key, ct);
    }

    /// <summary>Deletes the branch; null when there was none. The default branch cannot be deleted.</summary>
    public async Task<Branch?> DeleteAsync(RepositoryInfo repository, string name, CancellationToken ct)
    {
        if (repository.DefaultBranch == name)
        {
            throw CodeCommitErrors.DefaultBranchCannotBeDeleted(name);
        }

        var branch = await FindAsync(repository, name, ct);
        if (branch is null)
        {
            return null;
        }

        var delete = await GitCommand.InRepositoryAsync(repository.Path, ["update-ref", "-d"], [Ref(name), branch.CommitId], ct);
        delete.Expect("git update-ref -d");
        await repositories.TouchAsync(repository.Key, ct);
        return branch;
    }

    /// <summary>Makes an existing branch the default (and HEAD).</summary>
    public async Task SetDefaultAsync(RepositoryInfo repository, string name, CancellationToken ct)
    {
        if (await FindAsync(repository, name, ct) is null)
        {
            throw CodeCommitErrors.BranchDoesNotExist(name);
        }

        await repositories.SetDefaultBranchAsync(repository, name, ct);
    }

    private static async Task<List<Branch>> ReadRefsAsync(RepositoryInfo repository, string pattern, CancellationToken ct)
    {
        var result = await GitCommand.InRepositoryAsync(repository.Path, ["for-each-ref", "--format=%(objectname) %(refname)"], [pattern], ct);
        var branches = new List<Branch>();
        foreach (var line in result.Expect("git for-each-ref").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.IndexOf(' ');
            var refName = line[(space + 1)..];
            if (space > 0 && refName.StartsWith("refs/heads/", StringComparison.Ordinal))
            {
                branches.Add(new Branch(refName["refs/heads/".Length..], line[..space]));
            }
        }

        return branches;
    }

    private static string Ref(string name) => "refs/heads/" + name;
}
