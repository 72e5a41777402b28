using System.Net;
using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Gitstead.Iam.ConsoleSignIn;
using Microsoft.Extensions.Logging;

namespace Gitstead.CodeCommit.Transport;

/// <summary>The two Git services, and the IAM action each needs.</summary>
internal enum GitService
{
    /// <summary><c>git-upload-pack</c>: clone, fetch, ls-remote; <c>codecommit:GitPull</c>.</summary>
    UploadPack,

    /// <summary><c>git-receive-pack</c>: push; <c>codecommit:GitPush</c>, with <c>codecommit:References</c> per ref.</summary>
    ReceivePack,
}

/// <summary>Why a Git request is refused, independent of how the transport says it.</summary>
internal enum GitRefusalKind
{
    /// <summary>No such repository, an invalid name, or a region not enabled (HTTP 404).</summary>
    NotFound,

    /// <summary>No credential, or one that is not valid (HTTP 401 with a challenge).</summary>
    Unauthenticated,

    /// <summary>The policies do not allow the service (HTTP 403).</summary>
    Forbidden,

    /// <summary>Too many requests or failed sign-ins: try again later (HTTP 429).</summary>
    Throttled,
}

/// <summary>A refusal and the sentence the user reads.</summary>
internal sealed record GitRefusal(GitRefusalKind Kind, string Message);

/// <summary>What a transport knows about a Git request before any check.</summary>
/// <param name="RepositorySegment">The repository as the client named it (<c>NAME</c> or <c>NAME.git</c>).</param>
/// <param name="HostName">The host name the client used, without the port; null when unknown (it then names no region).</param>
/// <param name="Login">The credential presented; null when none was.</param>
/// <param name="SourceIp">The client's address.</param>
/// <param name="SecureTransport">True over TLS or SSH.</param>
/// <param name="UserAgent">The client's user agent, if known.</param>
internal sealed record GitRequest(string RepositorySegment, string? HostName, GitLogin? Login, IPAddress? SourceIp, bool SecureTransport, string? UserAgent);

/// <summary>An authenticated Git caller and the repository name it asked for.</summary>
/// <param name="Name">The repository name (the segment without <c>.git</c>).</param>
/// <param name="Call">Who is calling, from where, in which region.</param>
internal sealed record GitCaller(string Name, CallContext Call)
{
    /// <summary>The resource Git actions are authorized on: in the caller's account, so another account's repository is never reached.</summary>
    public string ResourceArn => Arns.Repository(Call.Region, Call.AccountId, Name);
}

/// <summary>A caller allowed to use a service on a repository whose key it may use.</summary>
internal sealed record GitSession(GitCaller Caller, RepositoryInfo Repository);

/// <summary>A value, or the refusal that took its place.</summary>
internal readonly record struct GitOutcome<T>(T? Value, GitRefusal? Refusal)
    where T : class
{
    public static implicit operator GitOutcome<T>(T value) => new(value, null);

    public static implicit operator GitOutcome<T>(GitRefusal refusal) => new(null, refusal);
}

/// <summary>
/// The decisions in front of every Git request, the same for every transport: the name and
/// region the client asked for, who is calling, whether the policies allow the service, and
/// which repository it is. Each step answers with a value or a <see cref="GitRefusal"/>; the
/// transport renders refusals in its own way (HTTP status and body, SSH message and exit).
/// Authorization comes before the lookup, so a caller who may not use a name cannot learn
/// whether a repository of that name exists.
/// </summary>
internal sealed partial class GitSessions(
    GitRegions regions, IGitAuthenticator authenticator, IAuthorizer authorizer, RepositoryStore repositories, RepositoryKeys keys,
    GitSignInThrottle throttle, GitAudit audit, TimeProvider time, ILogger<GitSessions> logger)
{
    public const string GitPull = "codecommit:GitPull";
    public const string GitPush = "codecommit:GitPush";
    public const string References = "codecommit:References";

    public static string ActionOf(GitService service) => service == GitService.UploadPack ? GitPull : GitPush;

    /// <summary>
    /// Every check in front of a Git request, in order: who is calling, whether the policies allow
    /// the service (without <c>codecommit:References</c>), which repository, and whether the
    /// caller may use its key. A push still needs <see cref="PushPolicy.DecideAsync"/> per ref.
    /// </summary>
    /// <remarks>Every outcome, allowed or refused, is recorded in the audit trail.</remarks>
    public async Task<GitOutcome<GitSession>> OpenAsync(GitRequest request, GitService service, CancellationToken ct)
    {
        var authenticated = await AuthenticateAsync(request, ct);
        if (authenticated.Value is not { } caller)
        {
            await audit.SessionAsync(request, service, null, null, authenticated.Refusal);
            return authenticated.Refusal!;
        }

        if (await AuthorizeAsync(caller, service, ct) is { } denied)
        {
            await audit.SessionAsync(request, service, caller, null, denied);
            return denied;
        }

        var found = await FindAsync(caller, ct);
        if (found.Value is not { } repository)
        {
            await audit.SessionAsync(request, service, caller, null, found.Refusal);
            return found.Refusal!;
        }

        var locked = await UnlockAsync(caller, repository, service, ct);
        await audit.SessionAsync(request, service, caller, repository, locked);
        return locked is not null ? locked : new GitSession(caller, repository);
    }

    /// <summary>The repository name and region of the request, and its caller.</summary>
    public async Task<GitOutcome<GitCaller>> AuthenticateAsync(GitRequest request, CancellationToken ct)
    {
        var segment = request.RepositorySegment;
        var name = segment.EndsWith(".git", StringComparison.Ordinal) ? segment[..^4] : segment;
        if (!RepositoryRules.IsValidName(name))
        {
            return new GitRefusal(GitRefusalKind.NotFound, $"Repository {segment} does not exist: not a valid repository name.");
        }

        if (!regions.TryResolve(request.HostName ?? "", out var region, out _))
        {
            return new GitRefusal(GitRefusalKind.NotFound, $"Region {region} is not enabled on this server.");
        }

        if (request.Login is not { } login)
        {
            return new GitRefusal(GitRefusalKind.Unauthenticated, "Authentication required: use HTTPS Git credentials or the AWS CLI credential helper.");
        }

        var userName = login.UserName;
        if (userName is not null && await throttle.BlockedForAsync(userName, request.SourceIp, ct) is { } wait)
        {
            LogThrottled(userName, request.SourceIp?.ToString() ?? "?");
            return new GitRefusal(GitRefusalKind.Throttled,
                $"Too many failed sign-ins for {userName} or from your address: try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} seconds.");
        }

        var caller = await authenticator.AuthenticateAsync(login, region, ct);
        if (caller is null)
        {
            LogFailedSignIn(userName ?? "(key)", request.SourceIp?.ToString() ?? "?");
            if (userName is not null)
            {
                await throttle.FailedAsync(userName, request.SourceIp, CancellationToken.None);
            }

            return new GitRefusal(GitRefusalKind.Unauthenticated,
                "Authentication failed: the user name or password is wrong, the credential is inactive or deleted, or the signed password has expired.");
        }

        // A success does not clear the count (a write per Git request): failures age out of the window instead.
        var origin = new RequestOrigin(region, request.SourceIp, request.SecureTransport, time.GetUtcNow(), request.UserAgent);
        return new GitCaller(name, new CallContext(caller, origin));
    }

    /// <summary>
    /// The decision on the service's action; <paramref name="references"/> adds
    /// <c>codecommit:References</c> (null evaluates without the key, as at connection time).
    /// </summary>
    public async Task<AuthorizationResult> DecideAsync(GitCaller caller, GitService service, IReadOnlyList<string>? references, CancellationToken ct)
    {
        var keys = references is null ? null : new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { [References] = references };
        return await authorizer.AuthorizeAsync(new AuthorizationRequest(caller.Call, ActionOf(service), caller.ResourceArn, keys), ct);
    }

    /// <summary>Null when the service is allowed (without <c>codecommit:References</c>); otherwise the refusal.</summary>
    public async Task<GitRefusal?> AuthorizeAsync(GitCaller caller, GitService service, CancellationToken ct)
    {
        var result = await DecideAsync(caller, service, references: null, ct);
        return result.IsAllowed ? null : new GitRefusal(GitRefusalKind.Forbidden, DeniedMessage(caller, service, result));
    }

    /// <summary>The repository, or the refusal git prints as "repository '…' not found".</summary>
    public async Task<GitOutcome<RepositoryInfo>> FindAsync(GitCaller caller, CancellationToken ct)
    {
        var repository = await repositories.FindAsync(caller.Call.AccountId, caller.Call.Region, caller.Name, ct);
        return repository is null
            ? new GitRefusal(GitRefusalKind.NotFound, $"Repository {caller.Name} does not exist in {caller.Call.Region}.")
            : repository;
    }

    /// <summary>
    /// Null when KMS lets the caller use the repository's key for the service (<c>kms:Decrypt</c>
    /// to fetch; also <c>kms:GenerateDataKey</c> to push); otherwise the refusal, one line that
    /// names the CodeCommit exception, the key and the problem.
    /// </summary>
    public async Task<GitRefusal?> UnlockAsync(GitCaller caller, RepositoryInfo repository, GitService service, CancellationToken ct)
    {
        try
        {
            await keys.OpenAsync(caller.Call, repository, service == GitService.UploadPack ? KeyUse.Read : KeyUse.Write, ct);
            return null;
        }
        catch (AwsServiceException ex) when (ex.Code.StartsWith("Encryption", StringComparison.Ordinal))
        {
            return new GitRefusal(GitRefusalKind.Forbidden, $"{ex.Code}: {ex.Message}");
        }
    }

    /// <summary>AWS's AccessDenied sentence for a Git action.</summary>
    public static string DeniedMessage(GitCaller caller, GitService service, AuthorizationResult result) =>
        AccessDeniedException.Sentence(caller.Call.Caller, ActionOf(service), caller.ResourceArn, result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Git sign-in failed for user name {UserName} from {Address}")]
    private partial void LogFailedSignIn(string userName, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Git sign-in refused for user name {UserName} from {Address}: too many failed sign-ins")]
    private partial void LogThrottled(string userName, string address);
}
