using System.Net;
using Gitstead.Aws;
using Gitstead.CodeCommit.Git;
using Gitstead.CodeCommit.PackCache;
using Gitstead.CodeCommit.Transport;
using Microsoft.Extensions.Logging;

namespace Gitstead.CodeCommit.Ssh;

/// <summary>
/// One Git request over SSH, after sshd accepted the key: the same checks as over HTTPS
/// (<see cref="GitSessions.OpenAsync"/>, then <see cref="PushPolicy"/> per ref), and git run
/// with the conversation streamed through. The region is the default region: an SSH client
/// does not tell the server which host name it connected to.
/// </summary>
internal sealed partial class SshGitHandler(GitSessions sessions, PushPolicy pushes, GitProcessGate gate, PackObjectsHook packCache, ILogger<SshGitHandler> logger)
{
    private const int Refused = 128;

    public async Task RunAsync(SshRelayRequest request, Stream input, SshFrameWriter output, CancellationToken ct)
    {
        try
        {
            await ServeAsync(request, input, output, ct);
        }
        catch (Exception ex) when (DatabaseUnavailable.Is(ex) && !ct.IsCancellationRequested)
        {
            // As over HTTPS: git prints the reason instead of a connection that just ends.
            LogDatabaseUnavailable(request.KeyId, ex.GetBaseException().Message);
            await RefuseAsync(output, "ServiceUnavailable: " + DatabaseUnavailable.Message, ct);
        }
    }

    private async Task ServeAsync(SshRelayRequest request, Stream input, SshFrameWriter output, CancellationToken ct)
    {
        if (!SshGitCommand.TryParse(request.Command, out var service, out var segment))
        {
            LogRefusedCommand(request.KeyId);
            await RefuseAsync(output, SshGitCommand.Refusal, ct);
            return;
        }

        var login = new GitRequest(segment, null, new SshGitLogin(request.KeyId), ClientAddress(request.Connection), true, "ssh");
        var opened = await sessions.OpenAsync(login, service, ct);
        if (opened.Value is not { } session)
        {
            await RefuseAsync(output, opened.Refusal!.Message, ct);
            return;
        }

        // The same slots as over HTTPS: one client cannot hold more git processes over SSH.
        using var slot = await gate.EnterAsync(session.Caller.Call.Caller.Arn, ct);
        if (slot is null)
        {
            await RefuseAsync(output, "SlowDown: too many Git requests are running for you or on this server; try again in a moment.", ct);
            return;
        }

        var protocol = GitProtocol.Accept(request.Protocol);
        var exit = service == GitService.UploadPack
            ? await FetchAsync(session, protocol, input, output, ct)
            : await PushAsync(session, protocol, input, output, ct);
        await output.WriteExitAsync(exit, ct);
    }

    private async Task<int> FetchAsync(GitSession session, string? protocol, Stream input, SshFrameWriter output, CancellationToken ct)
    {
        var path = session.Repository.Path;
        var info = GitStartInfo.Create(path, GitServiceArguments.For(GitService.UploadPack, statelessRpc: false), path).WithProtocol(protocol);
        using var cached = packCache.Attach(info, session.Repository);
        var result = await GitRpc.RunAsync(info, ReadOnlyMemory<byte>.Empty, input, output, ReadOnlyMemory<byte>.Empty, ct, stderr: output.Stderr);
        return Finish(session, SmartHttp.UploadPack, result);
    }

    /// <summary>
    /// receive-pack in three steps, so the refs are authorized before git sees the commands: the
    /// advertisement (<c>--advertise-refs</c>), the command list read here and decided, then
    /// <c>receive-pack --stateless-rpc</c> with the commands and the pack.
    /// </summary>
    private async Task<int> PushAsync(GitSession session, string? protocol, Stream input, SshFrameWriter output, CancellationToken ct)
    {
        var path = session.Repository.Path;
        var arguments = GitServiceArguments.For(GitService.ReceivePack, statelessRpc: true);
        var advertise = GitStartInfo.Create(path, [.. arguments, "--advertise-refs"], path).WithProtocol(protocol);
        var advertised = await GitRpc.RunAsync(advertise, ReadOnlyMemory<byte>.Empty, null, output, ReadOnlyMemory<byte>.Empty, ct, stderr: output.Stderr);
        if (advertised.Error != GitRpcError.None)
        {
            return Finish(session, SmartHttp.ReceivePack, advertised);
        }

        using var reader = new PktLineReader(input);
        PushCommands commands;
        try
        {
            commands = await PushCommands.ReadAsync(reader, ct);
        }
        catch (InvalidDataException ex)
        {
            await output.WriteStderrAsync($"Malformed push request: {ex.Message}", ct);
            return Refused;
        }

        if (commands.Updates.Count == 0)
        {
            return 0;
        }

        var verdict = await pushes.DecideAsync(session.Caller, commands, ct);
        if (!verdict.Allowed)
        {
            if (commands.Updates.Any(u => !u.IsDelete))
            {
                // The client sends its pack before it reads the answer: take it all, keep nothing.
                await StreamCopier.CopyAsync(input, Stream.Null, reader.Buffered, ct);
            }

            await output.WriteAsync(verdict.Report, ct);
            return 0;
        }

        var head = new byte[commands.Head.Length + reader.Buffered.Length];
        commands.Head.CopyTo(head, 0);
        reader.Buffered.Span.CopyTo(head.AsSpan(commands.Head.Length));
        var info = GitStartInfo.Create(path, arguments, path).WithProtocol(protocol);
        var result = await GitRpc.RunAsync(info, head, input, output, ReadOnlyMemory<byte>.Empty, ct, GitRpc.PushCleanupGrace, output.Stderr);
        var exit = Finish(session, SmartHttp.ReceivePack, result);
        if (exit == 0)
        {
            await pushes.RecordAsync(session.Caller, session.Repository, commands);
        }

        return exit;
    }

    private async Task RefuseAsync(SshFrameWriter output, string message, CancellationToken ct)
    {
        await output.WriteStderrAsync(message, ct);
        await output.WriteExitAsync(Refused, ct);
    }

    private int Finish(GitSession session, string service, GitRpcResult result)
    {
        var caller = session.Caller;
        if (result.Error == GitRpcError.None)
        {
            LogServed(service, caller.ResourceArn, caller.Call.Caller.Arn);
            return 0;
        }

        LogFailed(service, caller.ResourceArn, result.Error, result.ExitCode, result.StderrTail);
        return result.Error == GitRpcError.GitExit && result.ExitCode > 0 ? result.ExitCode : Refused;
    }

    /// <summary>The client's address from <c>SSH_CONNECTION</c> ("client-ip client-port server-ip server-port").</summary>
    private static IPAddress? ClientAddress(string? connection) =>
        connection?.Split(' ') is [var ip, ..] && IPAddress.TryParse(ip, out var address) ? address : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "ssh: a Git request of key {KeyId} refused, the database cannot be reached: {Reason}")]
    private partial void LogDatabaseUnavailable(string keyId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "ssh {Service} {Repository} served to {Principal}")]
    private partial void LogServed(string service, string repository, string principal);

    [LoggerMessage(Level = LogLevel.Information, Message = "ssh {Service} {Repository} ended ({Error}, exit {ExitCode}): {Stderr}")]
    private partial void LogFailed(string service, string repository, GitRpcError error, int exitCode, string stderr);

    [LoggerMessage(Level = LogLevel.Information, Message = "ssh: key {KeyId} asked for something other than Git; refused")]
    private partial void LogRefusedCommand(string keyId);
}
