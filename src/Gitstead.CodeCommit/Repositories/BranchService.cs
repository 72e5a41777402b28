using Gitstead.Aws;
using Gitstead.CodeCommit.Git;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// Branches are the bare repository's <c>refs/heads/*</c>, read and moved with git itself:
/// names checked by <c>git check-ref-format</c>, and every update given the value it expects
/// to replace, so a concurrent push is never overwritten. Each public method checks its input,
/// authorizes the caller on the repository (with <c>codecommit:References</c> when it moves a
/// branch), then acts; errors are CodeCommit's modelled exceptions and <see cref="AccessDeniedException"/>.
/// </summary>
public sealed class BranchService
{
    public const int PageSize = 1000;

    private readonly RepositoryStore _repositories;
    private readonly IAuthorizer _authorizer;
    private readonly TriggerQueue? _triggers;

    internal BranchService(RepositoryStore repositories, IAuthorizer authorizer, TriggerQueue? triggers = null)
    {
        _repositories = repositories;
        _authorizer = authorizer;
        _triggers = triggers;
    }

    /// <summary>CreateBranch: <c>codecommit:CreateBranch</c> with the new branch as <c>codecommit:References</c>.</summary>
    public async Task CreateAsync(CallContext call, string? repositoryName, string? branchName, string? commitId, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        var branch = RequireName(branchName);
        var commit = string.IsNullOrEmpty(commitId)
            ? throw CodeCommitErrors.CommitIdRequired()
            : GitObjectIds.Normalize(commitId) ?? throw CodeCommitErrors.InvalidCommitId(commitId);
        await _authorizer.RequireAsync(call, "codecommit:CreateBranch", RepositoryService.Arn(call, name), RepositoryRules.References(branch), ct);
        var repository = await RequireAsync(call, name, branch, KeyUse.Write, ct);
        await CreateAsync(repository, branch, commit, ct);
        if (_triggers is not null)
        {
            await _triggers.EnqueueAsync(repository, call.Caller.Arn, [new ReferenceChange(Ref(branch), ReferenceChange.ZeroId, commit)]);
        }
    }

    /// <summary>GetBranch: <c>codecommit:GetBranch</c>; BranchDoesNotExistException.</summary>
    public async Task<BranchInfo> GetAsync(CallContext call, string? repositoryName, string? branchName, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        var branch = RequireName(branchName);
        await _authorizer.RequireAsync(call, "codecommit:GetBranch", RepositoryService.Arn(call, name), ct);
        var repository = await RequireAsync(call, name, branch, KeyUse.Read, ct);
        return await FindAsync(repository, branch, ct) ?? throw CodeCommitErrors.BranchDoesNotExist(branch);
    }

    /// <summary>ListBranches: <c>codecommit:ListBranches</c>; pages of 1,000 branch names in ordinal order.</summary>
    public async Task<Page<string>> ListAsync(CallContext call, string? repositoryName, string? nextToken, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        await _authorizer.RequireAsync(call, "codecommit:ListBranches", RepositoryService.Arn(call, name), ct);
        var repository = await _repositories.OpenAsync(call, name, KeyUse.Read, ct);
        return await ListAsync(repository, nextToken, ct);
    }

    /// <summary>DeleteBranch: <c>codecommit:DeleteBranch</c> with <c>codecommit:References</c>; the deleted branch, or null when there was none (not an error).</summary>
    public async Task<BranchInfo?> DeleteAsync(CallContext call, string? repositoryName, string? branchName, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        var branch = RequireName(branchName);
        await _authorizer.RequireAsync(call, "codecommit:DeleteBranch", RepositoryService.Arn(call, name), RepositoryRules.References(branch), ct);
        var repository = await RequireAsync(call, name, branch, KeyUse.Write, ct);
        var deleted = await DeleteAsync(repository, branch, ct);
        if (deleted is not null && _triggers is not null)
        {
            await _triggers.EnqueueAsync(repository, call.Caller.Arn, [new ReferenceChange(Ref(branch), deleted.CommitId, ReferenceChange.ZeroId)]);
        }

        return deleted;
    }

    /// <summary>UpdateDefaultBranch: <c>codecommit:UpdateDefaultBranch</c>; the branch must exist.</summary>
    public async Task SetDefaultAsync(CallContext call, string? repositoryName, string? branchName, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        var branch = RequireName(branchName);
        await _authorizer.RequireAsync(call, "codecommit:UpdateDefaultBranch", RepositoryService.Arn(call, name), ct);
        var repository = await RequireAsync(call, name, branch, KeyUse.Write, ct);
        await SetDefaultAsync(repository, branch, ct);
    }

    /// <summary>The repository, opened with its key for <paramref name="use"/>, with the branch name checked against git's ref rules.</summary>
    private async Task<RepositoryInfo> RequireAsync(CallContext call, string name, string branch, KeyUse use, CancellationToken ct)
    {
        var repository = await _repositories.OpenAsync(call, name, use, ct);
        await CheckNameAsync(repository, branch, ct);
        return repository;
    }

    /// <summary>BranchNameRequiredException for a missing name; the rest is checked by <see cref="CheckNameAsync"/>.</summary>
    internal static string RequireName(string? name) =>
        string.IsNullOrEmpty(name) ? throw CodeCommitErrors.BranchNameRequired() : name;

    /// <summary>InvalidBranchNameException unless <c>refs/heads/NAME</c> is a valid ref name for a branch.</summary>
    internal static async Task CheckNameAsync(RepositoryInfo repository, string name, CancellationToken ct)
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
    internal static async Task<BranchInfo?> FindAsync(RepositoryInfo repository, string name, CancellationToken ct)
    {
        var refs = await ReadRefsAsync(repository, Ref(name), ct);
        return refs.FirstOrDefault(b => b.Name == name);
    }

    private static async Task<Page<string>> ListAsync(RepositoryInfo repository, string? nextToken, CancellationToken ct)
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
            return new Page<string>(names, null);
        }

        names.RemoveAt(PageSize);
        return new Page<string>(names, new ListToken("branches", names[^1]).Encode());
    }

    /// <summary>Creates the branch at an existing commit; never moves a branch that exists.</summary>
    private async Task CreateAsync(RepositoryInfo repository, string name, string commitId, CancellationToken ct)
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
        await _repositories.TouchAsync(repository.Key, ct);
    }

    /// <summary>Deletes the branch; null when there was none. The default branch cannot be deleted.</summary>
    private async Task<BranchInfo?> DeleteAsync(RepositoryInfo repository, string name, CancellationToken ct)
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
        await _repositories.TouchAsync(repository.Key, ct);
        return branch;
    }

    /// <summary>Makes an existing branch the default (and HEAD).</summary>
    private async Task SetDefaultAsync(RepositoryInfo repository, string name, CancellationToken ct)
    {
        if (await FindAsync(repository, name, ct) is null)
        {
            throw CodeCommitErrors.BranchDoesNotExist(name);
        }

        await _repositories.SetDefaultBranchAsync(repository, name, ct);
    }

    internal static async Task<List<BranchInfo>> ReadRefsAsync(RepositoryInfo repository, string pattern, CancellationToken ct)
    {
        var result = await GitCommand.InRepositoryAsync(repository.Path, ["for-each-ref", "--format=%(objectname) %(refname)"], [pattern], ct);
        var branches = new List<BranchInfo>();
        foreach (var line in result.Expect("git for-each-ref").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.IndexOf(' ');
            var refName = line[(space + 1)..];
            if (space > 0 && refName.StartsWith("refs/heads/", StringComparison.Ordinal))
            {
                branches.Add(new BranchInfo(refName["refs/heads/".Length..], line[..space]));
            }
        }

        return branches;
    }

    private static string Ref(string name) => "refs/heads/" + name;
}
