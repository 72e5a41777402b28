using Gitstead.Aws;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>Commits of a repository; each public method authorizes the caller on the repository first.</summary>
public sealed class CommitService
{
    private readonly RepositoryStore _repositories;
    private readonly IAuthorizer _authorizer;
    private readonly CommitReader _reader;

    internal CommitService(RepositoryStore repositories, IAuthorizer authorizer, CommitReader reader)
    {
        _repositories = repositories;
        _authorizer = authorizer;
        _reader = reader;
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
        return await _reader.ReadAsync(repository, commitId, ct);
    }
}
