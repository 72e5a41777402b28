using System.Buffers;
using System.IO.Compression;
using Gitstead.CodeCommit.Git;
using Gitstead.CodeCommit.PackCache;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Gitstead.CodeCommit.Transport;

/// <summary>
/// Git's smart HTTP protocol (gitprotocol-http) for <c>/v1/repos/NAME[.git]</c>: the ref
/// advertisement and the two RPCs, each spoken by git itself with the bodies streamed.
/// </summary>
internal sealed partial class SmartHttp(
    GitSessions sessions, PushPolicy pushes, GitProcessGate gate, PackObjectsHook packCache, CapabilityAdvertisements advertisements,
    RefListings listings, FetchResponses answers, ILogger<SmartHttp> logger)
{
    public const string UploadPack = "git-upload-pack";
    public const string ReceivePack = "git-receive-pack";

    /// <summary>
    /// <c>GET …/info/refs?service=…</c> (gitprotocol-http "Smart Clients"): the advertisement of
    /// git's <c>--advertise-refs</c>, behind a <c># service=…</c> line unless protocol v2 was asked for.
    /// </summary>
    public async Task InfoRefsAsync(HttpContext http, string segment)
    {
        var name = http.Request.Query["service"].ToString();
        if (name is not (UploadPack or ReceivePack))
        {
            await RefuseDumbAsync(http);
            return;
        }

        var service = name == UploadPack ? GitService.UploadPack : GitService.ReceivePack;
        if (await OpenAsync(http, segment, service) is not { Caller: var caller, Repository: var repository })
        {
            return;
        }

        using var slot = await EnterGateAsync(http, caller);
        if (slot is null)
        {
            return;
        }

        var protocol = GitProtocol.Accept(http.Request.Headers["Git-Protocol"]);
        var capabilitiesOnly = name == UploadPack && GitProtocol.IsVersion2(protocol);
        if (capabilitiesOnly && advertisements.Find(repository.Path, protocol!) is { } kept)
        {
            // Protocol v2 names no refs here: git's answer from before, while the repository's configuration is unchanged.
            await ServeKeptAsync(http, caller, name, $"application/x-{name}-advertisement", kept, listing: false);
            return;
        }

        var info = GitStartInfo.Create(repository.Path, [.. ServiceOptions(name), "--advertise-refs"], repository.Path).WithProtocol(protocol);
        var serviceLine = capabilitiesOnly ? [] : ServiceLine(name);
        var stamp = capabilitiesOnly ? CapabilityAdvertisements.Stamp(repository.Path) : default;
        await using var recorder = capabilitiesOnly ? new CapabilityAdvertisements.Recorder(http.Response.Body) : null;
        GitResponses.StartGit(http.Response, $"application/x-{name}-advertisement");
        var result = await GitRpc.RunAsync(info, ReadOnlyMemory<byte>.Empty, null, (Stream?)recorder ?? http.Response.Body, serviceLine, http.RequestAborted);
        if (recorder is not null && result.Error == GitRpcError.None)
        {
            advertisements.Keep(repository.Path, protocol!, stamp, recorder.Written);
        }

        await FinishAsync(http, caller, name, result);
    }

    /// <summary>An answer git gave before, written as git's and logged as kept; a failure to write it is finished as any other.</summary>
    private async Task ServeKeptAsync(HttpContext http, GitCaller caller, string service, string contentType, byte[] kept, bool listing)
    {
        GitResponses.StartGit(http.Response, contentType);
        var written = await WriteKeptAsync(http, kept);
        if (written.Error != GitRpcError.None)
        {
            await FinishAsync(http, caller, service, written);
        }
        else if (listing)
        {
            LogServedListing(service, caller.ResourceArn, caller.Call.Caller.Arn);
        }
        else
        {
            LogServedKept(service, caller.ResourceArn, caller.Call.Caller.Arn);
        }
    }

    private static async Task<GitRpcResult> WriteKeptAsync(HttpContext http, byte[] kept)
    {
        try
        {
            await http.Response.Body.WriteAsync(kept, http.RequestAborted);
            return new GitRpcResult(GitRpcError.None, 0, "");
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            return new GitRpcResult(GitRpcError.ResponseBodyClient, 0, "", ex);
        }
    }

    /// <summary><c>POST …/git-upload-pack</c>: clone, fetch, ls-remote (v2); <c>codecommit:GitPull</c>.</summary>
    public async Task UploadPackAsync(HttpContext http, string segment)
    {
        if (!await CheckContentTypeAsync(http, UploadPack) || await OpenAsync(http, segment, GitService.UploadPack) is not { Caller: var caller, Repository: var repository })
        {
            return;
        }

        await using var body = await OpenBodyAsync(http);
        if (body is null)
        {
            return;
        }

        using var slot = await EnterGateAsync(http, caller);
        if (slot is null)
        {
            return;
        }

        var protocol = GitProtocol.Accept(http.Request.Headers["Git-Protocol"]);
        var info = GitStartInfo.Create(repository.Path, [.. ServiceOptions(UploadPack)], repository.Path).WithProtocol(protocol);
        ReadOnlyMemory<byte> head = ReadOnlyMemory<byte>.Empty;
        RefListings.ListingState? before = null;
        if (GitProtocol.IsVersion2(protocol))
        {
            // The start of the body, to see whether it is a whole ls-refs or clone request; git gets it first either way.
            var (read, failure) = await ReadHeadAsync(body, FetchResponses.MaxRequestBytes + 1, http.RequestAborted);
            if (failure is not null)
            {
                await FinishAsync(http, caller, UploadPack, new GitRpcResult(GitRpcError.RequestBodyClient, -1, "", failure));
                return;
            }

            head = read;
            if (RefListings.IsListing(head.Span))
            {
                var state = RefListings.StateOf(repository.Path);
                if (listings.Find(repository.Path, protocol!, head.Span, state) is { } kept)
                {
                    // The refs, the configuration and the request are what they were: git's answer from before.
                    await ServeKeptAsync(http, caller, UploadPack, "application/x-git-upload-pack-result", kept, listing: true);
                    return;
                }

                before = state;
            }
            else if (answers.Active && FetchResponses.IsClone(head.Span))
            {
                // A clone: git's whole answer, shared with identical clones through the pack cache (null: git answers below).
                GitResponses.StartGit(http.Response, "application/x-git-upload-pack-result");
                if (await answers.ServeAsync(info, repository, protocol!, read, http.Response.Body, http.RequestAborted) is { } served)
                {
                    await FinishAsync(http, caller, UploadPack, served);
                    return;
                }
            }
        }

        using var cached = packCache.Attach(info, repository);
        await using var recorder = before is not null ? new CapabilityAdvertisements.Recorder(http.Response.Body, RefListings.MaxAnswerBytes) : null;
        GitResponses.StartGit(http.Response, "application/x-git-upload-pack-result");
        var result = await GitRpc.RunAsync(info, head, body, (Stream?)recorder ?? http.Response.Body, ReadOnlyMemory<byte>.Empty, http.RequestAborted);
        if (recorder is not null && before is { } started && result.Error == GitRpcError.None)
        {
            listings.Keep(repository.Path, protocol!, head.Span, started, RefListings.StateOf(repository.Path), recorder.Written);
        }

        await FinishAsync(http, caller, UploadPack, result);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> bytes from the start of the body (fewer when it ends first),
    /// or the failure of reading it (the client went away, or sent a corrupt gzip body).
    /// </summary>
    private static async Task<(byte[] Head, Exception? Failure)> ReadHeadAsync(Stream body, int limit, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(limit);
        var filled = 0;
        try
        {
            int read;
            while (filled < limit && (read = await body.ReadAsync(buffer.AsMemory(filled, limit - filled), ct)) > 0)
            {
                filled += read;
            }

            return (buffer[..filled], null);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or OperationCanceledException or BadHttpRequestException)
        {
            return ([], ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// <c>POST …/git-receive-pack</c>: a push. <c>codecommit:GitPush</c> and the repository are
    /// checked before the body is read, so a caller who may not push never gets the server to
    /// read a command list; then the command list (bounded by <see cref="PushCommands.MaxHeadBytes"/>)
    /// is authorized with <c>codecommit:References</c>, and only then does git get the commands
    /// and the rest of the body (the pack), so a refused push moves nothing.
    /// </summary>
    public async Task ReceivePackAsync(HttpContext http, string segment)
    {
        if (!await CheckContentTypeAsync(http, ReceivePack)
            || await OpenAsync(http, segment, GitService.ReceivePack) is not { Caller: var caller, Repository: var repository })
        {
            return;
        }

        await using var body = await OpenBodyAsync(http);
        if (body is null)
        {
            return;
        }

        using var reader = new PktLineReader(body);
        var commands = await ReadCommandsAsync(http, reader);
        if (commands is null || !await AuthorizePushAsync(http, caller, commands, body))
        {
            return;
        }

        using var slot = await EnterGateAsync(http, caller);
        if (slot is null)
        {
            return;
        }

        var head = Concat(commands.Head, reader.Buffered.Span);
        var info = GitStartInfo.Create(repository.Path, [.. ServiceOptions(ReceivePack)], repository.Path)
            .WithProtocol(GitProtocol.Accept(http.Request.Headers["Git-Protocol"]));
        GitResponses.StartGit(http.Response, "application/x-git-receive-pack-result");
        var result = await GitRpc.RunAsync(info, head, body, http.Response.Body, ReadOnlyMemory<byte>.Empty, http.RequestAborted, GitRpc.PushCleanupGrace);
        await FinishAsync(http, caller, ReceivePack, result);
        if (result.ExitCode == 0 && commands.Updates.Count > 0)
        {
            await pushes.RecordAsync(caller, repository, commands);
        }
    }

    /// <summary>Everything else under <c>/v1/repos</c>: the dumb protocol, other services, other methods (gitprotocol-http: 403).</summary>
    public static Task RefuseDumbAsync(HttpContext http) =>
        GitResponses.TextAsync(http.Response, StatusCodes.Status403Forbidden, GitResponses.DumbRefusal);

    /// <summary>
    /// The caller and repository of a request for a service (the checks every transport shares,
    /// <see cref="GitSessions.OpenAsync"/>), or null after answering the refusal.
    /// </summary>
    private async Task<GitSession?> OpenAsync(HttpContext http, string segment, GitService service) =>
        await RefuseOrAsync(http, await sessions.OpenAsync(Request(http, segment), service, http.RequestAborted));

    private static GitRequest Request(HttpContext http, string segment)
    {
        var login = BasicCredentials.TryParse(http.Request.Headers.Authorization, out var basic)
            ? new BasicGitLogin(basic, "/v1/repos/" + segment, http.Request.Headers.Host.ToString())
            : null;
        var userAgent = http.Request.Headers.UserAgent.ToString();
        return new GitRequest(segment, http.Request.Host.Host, login, http.Connection.RemoteIpAddress, http.Request.IsHttps, userAgent.Length > 0 ? userAgent : null);
    }

    /// <summary>
    /// True when the push may go ahead. When refused, reads and discards the rest of the body and
    /// answers with the verdict's report, so git prints why and nothing moves.
    /// </summary>
    private async Task<bool> AuthorizePushAsync(HttpContext http, GitCaller caller, PushCommands commands, Stream body)
    {
        var verdict = await pushes.DecideAsync(caller, commands, http.RequestAborted);
        if (verdict.Allowed)
        {
            return true;
        }

        var (drained, _) = await StreamCopier.CopyAsync(body, Stream.Null, ReadOnlyMemory<byte>.Empty, http.RequestAborted);
        if (drained != StreamCopyResult.Success)
        {
            http.Abort();
            return false;
        }

        GitResponses.StartGit(http.Response, "application/x-git-receive-pack-result");
        await http.Response.Body.WriteAsync(verdict.Report, http.RequestAborted);
        return false;
    }

    private static async Task<T?> RefuseOrAsync<T>(HttpContext http, GitOutcome<T> outcome)
        where T : class
    {
        if (outcome.Refusal is { } refusal)
        {
            await RefuseAsync(http, refusal);
        }

        return outcome.Value;
    }

    /// <summary>
    /// A slot for the request's git process (<see cref="GitProcessGate"/>), or null after
    /// answering 429, whose text git prints as <c>remote:</c> lines.
    /// </summary>
    private async Task<IDisposable?> EnterGateAsync(HttpContext http, GitCaller caller)
    {
        var slot = await gate.EnterAsync(caller.Call.Caller.Arn, http.RequestAborted);
        if (slot is null)
        {
            LogThrottled(caller.ResourceArn, caller.Call.Caller.Arn);
            await RefuseAsync(http, new GitRefusal(GitRefusalKind.Throttled,
                "SlowDown: too many Git requests are running for you or on this server; try again in a moment."));
        }

        return slot;
    }

    /// <summary>A refusal as git over HTTP shows it: 404, 403 and 429 as <c>remote:</c> text, 401 with the Basic challenge.</summary>
    private static Task RefuseAsync(HttpContext http, GitRefusal refusal) => refusal.Kind switch
    {
        GitRefusalKind.Unauthenticated => GitResponses.ChallengeAsync(http.Response, refusal.Message),
        GitRefusalKind.Forbidden => GitResponses.TextAsync(http.Response, StatusCodes.Status403Forbidden, refusal.Message),
        GitRefusalKind.Throttled => GitResponses.ThrottledAsync(http.Response, refusal.Message),
        _ => GitResponses.TextAsync(http.Response, StatusCodes.Status404NotFound, refusal.Message),
    };

    /// <summary>The subcommand and its trusted options (<see cref="GitServiceArguments"/>).</summary>
    private static string[] ServiceOptions(string service) =>
        GitServiceArguments.For(service == UploadPack ? GitService.UploadPack : GitService.ReceivePack, statelessRpc: true);

    private static byte[] ServiceLine(string service)
    {
        var line = new ArrayBufferWriter<byte>();
        PktLine.WriteText(line, $"# service={service}\n");
        PktLine.WriteFlush(line);
        return line.WrittenSpan.ToArray();
    }

    private static async Task<bool> CheckContentTypeAsync(HttpContext http, string service)
    {
        var expected = $"application/x-{service}-request";
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim();
        if (string.Equals(mediaType, expected, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        await GitResponses.TextAsync(http.Response, StatusCodes.Status415UnsupportedMediaType, $"Expected Content-Type {expected}.");
        return false;
    }

    /// <summary>
    /// The request body without a size limit (a pack may be gigabytes), gunzipped when git
    /// compressed it; null after answering 415 for any other content encoding.
    /// </summary>
    private static async Task<Stream?> OpenBodyAsync(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var encoding = http.Request.Headers.ContentEncoding.ToString().Trim();
        if (encoding is "" or "identity")
        {
            return http.Request.Body;
        }

        if (encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || encoding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
        {
            return new GZipStream(http.Request.Body, CompressionMode.Decompress, leaveOpen: true);
        }

        await GitResponses.TextAsync(http.Response, StatusCodes.Status415UnsupportedMediaType, $"Unsupported Content-Encoding {encoding}.");
        return null;
    }

    /// <summary>The push's command list, or null after answering 400 (malformed) or aborting (client gone).</summary>
    private async Task<PushCommands?> ReadCommandsAsync(HttpContext http, PktLineReader reader)
    {
        try
        {
            return await PushCommands.ReadAsync(reader, http.RequestAborted);
        }
        catch (InvalidDataException ex)
        {
            await GitResponses.TextAsync(http.Response, StatusCodes.Status400BadRequest, $"Malformed push request: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            LogClientGone(ReceivePack, ex.GetType().Name);
            http.Abort();
        }

        return null;
    }

    /// <summary>Logs the outcome and answers a failure: with a status while nothing was sent, else by aborting the connection.</summary>
    private async Task FinishAsync(HttpContext http, GitCaller request, string service, GitRpcResult result)
    {
        switch (result.Error)
        {
            case GitRpcError.None:
                LogServed(service, request.ResourceArn, request.Call.Caller.Arn);
                return;
            case GitRpcError.GitExit when http.Response.HasStarted:
                // git wrote its own answer (an ERR line, a report); the client reads it from the stream.
                LogGitExit(service, request.ResourceArn, result.ExitCode, result.StderrTail);
                return;
            case GitRpcError.GitExit when service == UploadPack && IsRequestError(result.StderrTail):
                // git refused what the client sent before answering anything: the client's fault.
                LogBadRequest(service, request.ResourceArn, result.StderrTail);
                await FailAsync(http, StatusCodes.Status400BadRequest, $"Malformed {service} request: {Printable(result.StderrTail)}");
                return;
            case GitRpcError.GitExit or GitRpcError.GitStart or GitRpcError.ResponseBodyGit:
                LogGitFailed(result.Exception, service, request.ResourceArn, result.Error, result.ExitCode, result.StderrTail);
                await FailAsync(http, StatusCodes.Status500InternalServerError, $"{service} failed on the server.");
                return;
            default:
                LogClientGone(service, result.Error.ToString());
                await FailAsync(http, StatusCodes.Status400BadRequest, "The request body could not be read.");
                return;
        }
    }

    private static async Task FailAsync(HttpContext http, int status, string message)
    {
        if (http.Response.HasStarted)
        {
            http.Abort();
            return;
        }

        await GitResponses.TextAsync(http.Response, status, message);
    }

    /// <summary>
    /// Whether git's stderr says the request was malformed (a truncated or invalid pkt-line, an
    /// empty body, an object id that is not one, an unknown protocol v2 command), as opposed to
    /// a failure of the server's side.
    /// </summary>
    internal static bool IsRequestError(string stderr) =>
        s_requestErrors.Any(marker => stderr.Contains(marker, StringComparison.Ordinal));

    private static readonly string[] s_requestErrors =
    [
        "protocol error", "hung up unexpectedly", "invalid command", "unknown capability", "bad line length",
        "expected to get", "expected flush", "expected SHA1", "expected shallow", "expected delim", "not our ref",
        "unexpected line", "unknown object type", "invalid shallow", "invalid deepen", "invalid filter",
    ];

    /// <summary>git's last fatal line, with anything unprintable replaced, for the client to read.</summary>
    private static string Printable(string stderr)
    {
        var line = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        if (line.StartsWith("fatal: ", StringComparison.Ordinal))
        {
            line = line["fatal: ".Length..];
        }

        var chars = line.Take(300).Select(c => char.IsControl(c) ? '?' : c).ToArray();
        return new string(chars);
    }

    private static byte[] Concat(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var joined = new byte[first.Length + second.Length];
        first.CopyTo(joined);
        second.CopyTo(joined.AsSpan(first.Length));
        return joined;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} {Repository} served to {Principal}")]
    private partial void LogServed(string service, string repository, string principal);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} {Repository} capabilities (protocol v2) served to {Principal} as git gave them before")]
    private partial void LogServedKept(string service, string repository, string principal);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} {Repository} refs (protocol v2 ls-refs) served to {Principal} as git gave them before")]
    private partial void LogServedListing(string service, string repository, string principal);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} {Repository}: git exited with {ExitCode} after answering: {Stderr}")]
    private partial void LogGitExit(string service, string repository, int exitCode, string stderr);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service} {Repository} failed ({Error}, exit {ExitCode}): {Stderr}")]
    private partial void LogGitFailed(Exception? exception, string service, string repository, GitRpcError error, int exitCode, string stderr);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} {Repository}: git refused the request: {Stderr}")]
    private partial void LogBadRequest(string service, string repository, string stderr);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Git request for {Repository} by {Principal} refused: too many git processes running")]
    private partial void LogThrottled(string repository, string principal);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service}: the client went away or sent an unreadable body ({Failure})")]
    private partial void LogClientGone(string service, string failure);
}
