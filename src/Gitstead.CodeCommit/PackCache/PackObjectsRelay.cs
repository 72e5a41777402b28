using System.Collections.Concurrent;
using System.Net.Sockets;
using Gitstead.CodeCommit.Repositories;
using Gitstead.CodeCommit.Ssh;
using Microsoft.Extensions.Logging;

namespace Gitstead.CodeCommit.PackCache;

/// <summary>
/// One call of the hook: the request read and checked (<see cref="PackObjectsRequest"/>), its key
/// computed once the whole input is in (repository, refs, arguments, input), then the pack of
/// that key streamed back as it grows, from the first byte, whether this call started its
/// pack-objects (a miss) or found it made or being made (a hit). Every reader reads the same
/// file, so a hit's bytes are a miss's bytes. Memory stays one buffer whatever the pack's size.
/// </summary>
internal sealed partial class PackObjectsRelay(CachedPacks packs, PackObjectsProducer producer, PackCacheMetrics metrics, ILogger<PackObjectsRelay> logger)
{
    /// <summary>git's exit code for a fatal error; upload-pack then tells the client pack-objects died.</summary>
    private const int Failed = 128;

    public async Task ServeAsync(Socket connection, ConcurrentDictionary<string, RepositoryInfo> requests, CancellationToken ct)
    {
        using (connection)
        await using (var stream = new NetworkStream(connection, ownsSocket: false))
        await using (var output = new SshFrameWriter(stream))
        {
            try
            {
                int exit;
                try
                {
                    exit = await RelayAsync(stream, output, requests, ct);
                }
                catch (PackObjectsRefusedException ex)
                {
                    LogRefused(ex.Message);
                    await output.WriteStderrAsync(ex.Message, ct);
                    exit = Failed;
                }

                await output.WriteExitAsync(exit, ct);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or EndOfStreamException)
            {
                LogClientGone(ex.GetType().Name);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogBroken(ex);
            }
        }
    }

    private async Task<int> RelayAsync(Stream stream, SshFrameWriter output, ConcurrentDictionary<string, RepositoryInfo> requests, CancellationToken ct)
    {
        var (token, hookArguments) = await PackObjectsRequest.ReadHeadAsync(stream, ct);
        if (!requests.TryGetValue(token, out var repository))
        {
            throw new PackObjectsRefusedException("The pack cache knows no such request.");
        }

        var arguments = PackObjectsRequest.Validate(hookArguments);
        var refs = RefsState.Of(repository.Path);
        var input = Path.Combine(packs.Directory, $"input-{Guid.NewGuid():N}");
        CachedPackLease lease;
        try
        {
            string key;
            await using (var spool = new FileStream(input, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                key = await PackObjectsRequest.SpoolInputAsync(stream, spool, repository.RepositoryId, refs, arguments, ct);
            }

            lease = packs.Join(key, repository.RepositoryId, refs);
        }
        catch
        {
            File.Delete(input);
            throw;
        }

        var hit = lease.Writer is null;
        if (hit)
        {
            File.Delete(input);
            metrics.Hit();
            LogHit(repository.RepositoryId, lease.Pack.Key);
        }
        else
        {
            metrics.Miss();
            LogMiss(repository.RepositoryId, lease.Pack.Key, string.Join(' ', arguments));
            var progress = hookArguments.Contains("--progress");
            _ = producer.RunAsync(lease, progress ? [.. arguments, "--progress"] : arguments, repository.Path, input, progress ? output : null);
        }

        try
        {
            return await StreamAsync(lease, output, hit, ct) ? 0 : Failed;
        }
        finally
        {
            packs.Leave(lease);
        }
    }

    /// <summary>The pack from its first byte to its end, waiting while it grows; false when its pack-objects failed.</summary>
    private async Task<bool> StreamAsync(CachedPackLease lease, SshFrameWriter output, bool hit, CancellationToken ct)
    {
        var state = await packs.ReadToEndAsync(lease, async (chunk, token) =>
        {
            await output.WriteAsync(chunk, token);
            if (hit)
            {
                metrics.Served(chunk.Length);
            }
        }, ct);
        if (state == CachedPackState.Failed)
        {
            await output.WriteStderrAsync("Gitstead pack cache: pack-objects failed on the server.", ct);
            return false;
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "pack cache miss: repository {RepositoryId}, key {Key}: running git {Arguments}")]
    private partial void LogMiss(string repositoryId, string key, string arguments);

    [LoggerMessage(Level = LogLevel.Debug, Message = "pack cache hit: repository {RepositoryId}, key {Key}")]
    private partial void LogHit(string repositoryId, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pack cache: a hook request was refused: {Reason}")]
    private partial void LogRefused(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "pack cache: the hook went away ({Failure})")]
    private partial void LogClientGone(string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pack cache: a hook request failed")]
    private partial void LogBroken(Exception exception);
}
