using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Http;

namespace Gitstead.CodeCommit.Transport;

/// <summary>A Git request whose region and caller are known.</summary>
/// <param name="Name">The repository name (the URL segment without <c>.git</c>).</param>
/// <param name="Region">The request's region.</param>
/// <param name="Caller">The authenticated caller.</param>
internal sealed record GitRequest(string Name, string Region, Caller Caller)
{
    /// <summary>The resource Git actions are authorized on; the caller's account, so another account's repository is never reached.</summary>
    public string ResourceArn => RepositoryArns.For(Region, Caller.AccountId, Name);
}

/// <summary>
/// The checks in front of every Git request, each answering for itself when it refuses:
/// the name and region of the URL, Basic authentication, authorization, and the repository.
/// Authorization comes before the lookup, so a caller who may not use a name cannot learn
/// whether a repository of that name exists.
/// </summary>
internal sealed class GitGate(GitRegions regions, GitAuthenticator authenticator, GitAccess access, RepositoryService repositories)
{
    /// <summary>The request, or null after answering 404 (bad name or region) or 401 (no or bad credentials).</summary>
    /// <param name="http">The request.</param>
    /// <param name="segment">The URL segment after <c>/v1/repos/</c>, as routed.</param>
    public async Task<GitRequest?> AuthenticateAsync(HttpContext http, string segment)
    {
        var name = segment.EndsWith(".git", StringComparison.Ordinal) ? segment[..^4] : segment;
        if (!RepositoryRules.IsValidName(name))
        {
            await GitResponses.TextAsync(http.Response, StatusCodes.Status404NotFound, $"Repository {segment} does not exist: not a valid repository name.");
            return null;
        }

        if (!regions.TryResolve(http.Request.Host.Host, out var region, out _))
        {
            await GitResponses.TextAsync(http.Response, StatusCodes.Status404NotFound, $"Region {region} is not enabled on this server.");
            return null;
        }

        if (!BasicCredentials.TryParse(http.Request.Headers.Authorization, out var login))
        {
            await GitResponses.ChallengeAsync(http.Response, "Authentication required: use HTTPS Git credentials or the AWS CLI credential helper.");
            return null;
        }

        var caller = await authenticator.AuthenticateAsync(login, "/v1/repos/" + segment, http.Request.Headers.Host.ToString(), region, http.RequestAborted);
        if (caller is null)
        {
            await GitResponses.ChallengeAsync(http.Response,
                "Authentication failed: the user name or password is wrong, the credential is inactive or deleted, or the signed password has expired.");
            return null;
        }

        return new GitRequest(name, region, caller);
    }

    /// <summary>True when <paramref name="action"/> is allowed (without <c>codecommit:References</c>); otherwise answers 403.</summary>
    public async Task<bool> AuthorizeAsync(HttpContext http, GitRequest request, string action)
    {
        var decision = await access.AuthorizeAsync(http, request.Caller, action, request.ResourceArn, request.Region, references: null);
        if (decision == AuthorizationDecision.Allow)
        {
            return true;
        }

        await GitResponses.TextAsync(http.Response, StatusCodes.Status403Forbidden,
            GitAccess.DeniedMessage(request.Caller, action, request.ResourceArn, decision));
        return false;
    }

    /// <summary>The repository, or null after answering 404 (git prints "repository '…' not found").</summary>
    public async Task<RepositoryInfo?> FindAsync(HttpContext http, GitRequest request)
    {
        var repository = await repositories.FindAsync(request.Caller.AccountId, request.Region, request.Name, http.RequestAborted);
        if (repository is null)
        {
            await GitResponses.TextAsync(http.Response, StatusCodes.Status404NotFound,
                $"Repository {request.Name} does not exist in {request.Region}.");
        }

        return repository;
    }
}
