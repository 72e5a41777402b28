using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.CodeCommit.Git;
using Gitstead.CodeCommit.Repositories;

namespace Gitstead.CodeCommit.Transport;

/// <summary>
/// The audit records of Git requests, as CodeCommit's <c>GitPull</c> / <c>GitPush</c> events:
/// every session decision (authentication, authorization, repository, key), a push refused for
/// its refs, and a push carried out with each ref's old and new commit. The credential presented
/// is named whether or not it was valid; its secret never is.
/// </summary>
internal sealed class GitAudit(IAuditTrail trail, GitRegions regions, TimeProvider time)
{
    private const string Source = "codecommit.amazonaws.com";

    /// <summary>The outcome of opening a session: <paramref name="caller"/> is null when authentication failed.</summary>
    public ValueTask SessionAsync(GitRequest request, GitService service, GitCaller? caller, RepositoryInfo? repository, GitRefusal? refusal)
    {
        regions.TryResolve(request.HostName ?? "", out var region, out _);
        var name = caller?.Name ?? RepositoryName(request.RepositorySegment);
        return trail.RecordAsync(new AuditEvent
        {
            EventTime = time.GetUtcNow(),
            EventSource = Source,
            EventName = EventName(service),
            AwsRegion = caller?.Call.Region ?? region,
            UserIdentity = caller is null ? Unauthenticated(request.Login) : AuditIdentity.Of(caller.Call.Caller),
            SourceIpAddress = Address(request),
            UserAgent = request.UserAgent,
            ReadOnly = service == GitService.UploadPack,
            ErrorCode = refusal is null ? null : ErrorCode(refusal),
            ErrorMessage = refusal?.Message,
            AdditionalEventData = Additional(request.Login is SshGitLogin ? "SSH" : "HTTP", request.Login as BasicGitLogin, name, repository,
                refusal is null && service == GitService.ReceivePack ? false : null),
            Resources = caller is null ? [] : [Resource(caller)],
        });
    }

    /// <summary>A push refused by <c>codecommit:References</c> before any ref moved.</summary>
    public ValueTask PushDeniedAsync(GitCaller caller, PushCommands commands, string message, string errorCode = "AccessDenied") =>
        trail.RecordAsync(Push(caller, commands.Updates, null, dataTransferred: false) with { ErrorCode = errorCode, ErrorMessage = message });

    /// <summary>A push git carried out: the refs it asked for, with old and new commits.</summary>
    public ValueTask PushedAsync(GitCaller caller, RepositoryInfo repository, PushCommands commands) =>
        trail.RecordAsync(Push(caller, commands.Updates, repository, dataTransferred: true));

    private AuditEvent Push(GitCaller caller, IReadOnlyList<RefUpdate> updates, RepositoryInfo? repository, bool dataTransferred) => new()
    {
        EventTime = time.GetUtcNow(),
        EventSource = Source,
        EventName = "GitPush",
        AwsRegion = caller.Call.Region,
        UserIdentity = AuditIdentity.Of(caller.Call.Caller),
        SourceIpAddress = caller.Call.Origin.SourceAddress,
        UserAgent = caller.Call.Origin.UserAgent,
        ReadOnly = false,
        RequestParameters = new JsonObject
        {
            ["references"] = new JsonArray([.. updates.Select(u => new JsonObject
            {
                ["ref"] = u.RefName,
                ["oldCommit"] = u.OldId,
                ["commit"] = u.NewId,
            })]),
        },
        AdditionalEventData = Additional(Protocol(caller), null, caller.Name, repository, dataTransferred),
        Resources = [Resource(caller)],
    };

    private static string EventName(GitService service) => service == GitService.UploadPack ? "GitPull" : "GitPush";

    private static AuditResource Resource(GitCaller caller) => new("AWS::CodeCommit::Repository", caller.Name, caller.ResourceArn);

    private static string RepositoryName(string segment) => segment.EndsWith(".git", StringComparison.Ordinal) ? segment[..^4] : segment;

    private static string? Address(GitRequest request) => new RequestOrigin("", request.SourceIp, false, default).SourceAddress;

    private static string ErrorCode(GitRefusal refusal) => refusal.Kind switch
    {
        GitRefusalKind.Unauthenticated => "AuthFailure",
        GitRefusalKind.NotFound => "RepositoryDoesNotExistException",
        GitRefusalKind.Throttled => "ThrottlingException",
        _ when refusal.Message.StartsWith("Encryption", StringComparison.Ordinal) => refusal.Message.Split(':', 2)[0],
        _ => "AccessDenied",
    };

    /// <summary>
    /// Who a refused login claimed to be: the SSH key id, the SigV4 password's access key id, or
    /// the HTTPS Git credential's user name (<c>USER-at-ACCOUNT</c>, which also names the account).
    /// </summary>
    private static AuditIdentity Unauthenticated(GitLogin? login) => login switch
    {
        SshGitLogin ssh => AuditIdentity.Unknown(null, ssh.KeyId, null),
        BasicGitLogin basic when IsAccessKeyId(basic.UserName) => AuditIdentity.Unknown(null, basic.UserName, null),
        BasicGitLogin basic => AuditIdentity.Unknown(AccountOf(basic.UserName), null, basic.UserName),
        _ => AuditIdentity.Unknown(null, null, null),
    };

    private static bool IsAccessKeyId(string name) =>
        name.Length == 20 && (name.StartsWith("AKIA", StringComparison.Ordinal) || name.StartsWith("ASIA", StringComparison.Ordinal));

    /// <summary>The account of an HTTPS Git credential's user name (<c>NAME-at-ACCOUNTID</c>), if it has one.</summary>
    internal static string? AccountOf(string serviceUserName)
    {
        var at = serviceUserName.LastIndexOf("-at-", StringComparison.Ordinal);
        var account = at < 0 ? null : serviceUserName[(at + 4)..];
        return account is not null && Arns.IsAccountId(account) ? account : null;
    }

    /// <summary>SSH when an SSH key authenticated the caller, else HTTP (as CodeCommit names HTTPS).</summary>
    private static string Protocol(GitCaller caller) =>
        caller.Call.Caller.CredentialId is { } id && id.StartsWith("APKA", StringComparison.Ordinal) ? "SSH" : "HTTP";

    private static JsonObject Additional(string protocol, BasicGitLogin? basic, string repositoryName, RepositoryInfo? repository, bool? dataTransferred)
    {
        var json = new JsonObject { ["protocol"] = protocol, ["repositoryName"] = repositoryName };
        AwsJson.AddIfSet(json, "repositoryId", repository?.RepositoryId);
        if (basic is not null)
        {
            // The user name (or access key id) presented; never the password.
            json["credential"] = basic.UserName;
        }

        if (dataTransferred is { } transferred)
        {
            json["dataTransferred"] = transferred;
        }

        return json;
    }
}
