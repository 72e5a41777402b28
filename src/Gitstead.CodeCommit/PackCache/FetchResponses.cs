using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Gitstead.CodeCommit.Git;
using Gitstead.CodeCommit.Repositories;
using Gitstead.CodeCommit.Transport;
using Microsoft.Extensions.Logging;

namespace Gitstead.CodeCommit.PackCache;

/// <summary>
/// upload-pack's whole answers to protocol v2 clone requests over HTTP (a <c>fetch</c> with
/// wants and <c>done</c>, no <c>have</c>: what every clone, shallow or not, sends), shared by
/// identical requests through the pack cache's files (<see cref="CachedPacks"/>, its age and
/// disk budget). The pack cache behind the hook already runs <c>pack-objects</c> once for
/// identical fetches, but each of them still ran its own upload-pack and hook, relaying the
/// pack through two more processes; a clone that finds its answer here runs no git at all.
/// The key is the repository, its refs (<see cref="RefsState"/>), its configuration, the
/// <c>Git-Protocol</c> value and the request's bytes: git's answer is a function of these (the
/// wants name their objects, <c>include-tag</c> and the allowed wants read the refs, the rest is
/// the configuration). The first request's upload-pack writes the file, apart from that
/// request, so its client leaving hurts none of the others; every request, that one included,
/// streams the file from its first byte as it grows, so a hit's bytes are a miss's bytes.
/// Its pack-objects goes through the hook as any other (<see cref="PackObjectsHook"/>), which
/// logs and counts the fetch as a miss or a hit; a request answered here is a hit.
/// </summary>
internal sealed partial class FetchResponses(CachedPacks packs, PackObjectsHook hook, PackCacheMetrics metrics, ILogger<FetchResponses> logger)
{
    /// <summary>A request longer than this (a clone of some thousand refs) is served by its own upload-pack.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    /// <summary>True when the pack cache is on: the answers are kept in its directory, within its limits.</summary>
    public bool Active => hook.Active;

    /// <summary>
    /// True when <paramref name="request"/> is a whole, well-formed protocol v2 request whose
    /// first line is <c>command=fetch</c>, which says <c>done</c> and has no <c>have</c>.
    /// </summary>
    public static bool IsClone(ReadOnlySpan<byte> request)
    {
        if (request.Length > MaxRequestBytes)
        {
            return false;
        }

        var first = true;
        var done = false;
        while (!request.IsEmpty)
        {
            if (request.Length < 4 || !PktLine.TryParsePrefix(request[..4], out var length))
            {
                return false;
            }

            if (length is 0 or 1 or 2)
            {
                // flush, delimiter, end of response
                request = request[4..];
                continue;
            }

            if (length < 5 || length > request.Length)
            {
                return false;
            }

            var line = request[4..length];
            if (line[^1] == (byte)'\n')
            {
                line = line[..^1];
            }

            if (first)
            {
                if (!line.SequenceEqual("command=fetch"u8))
                {
                    return false;
                }

                first = false;
            }
            else if (line.StartsWith("have "u8))
            {
                return false;
            }
            else if (line.SequenceEqual("done"u8))
            {
                done = true;
            }

            request = request[length..];
        }

        return !first && done;
    }

    /// <summary>
    /// Streams git's answer to <paramref name="request"/> into <paramref name="output"/>, from the
    /// cache or from a new upload-pack (<paramref name="info"/>, not yet started), and says how
    /// it went; null when the cache could not take the answer (no file could be made):
    /// nothing was written and <paramref name="info"/> is as it was: run git with it as usual.
    /// </summary>
    public async Task<GitRpcResult?> ServeAsync(
        ProcessStartInfo info, RepositoryInfo repository, string protocol, byte[] request, Stream output, CancellationToken aborted)
    {
        var refs = RefsState.Of(repository.Path);
        var key = Key(repository.RepositoryId, refs, CapabilityAdvertisements.Stamp(repository.Path), protocol, request);
        CachedPackLease lease;
        try
        {
            lease = packs.Join(key, repository.RepositoryId, refs);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogNoFile(ex, repository.RepositoryId);
            return null;
        }

        var hit = lease.Writer is null;
        if (hit)
        {
            metrics.Hit();
            LogHit(repository.RepositoryId, key);
        }
        else
        {
            LogAnswering(repository.RepositoryId, key);
            _ = ProduceAsync(lease, info, repository, request, refs);
        }

        try
        {
            return await StreamAsync(lease, output, hit, aborted);
        }
        finally
        {
            packs.Leave(lease);
        }
    }

    private static string Key(string repositoryId, string refs, CapabilityAdvertisements.ConfigStamp config, string protocol, byte[] request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"gitstead-answer-v1\0{repositoryId}\0{refs}\0{config.Ticks}:{config.Length}\0{protocol}\0{request.Length}\0"));
        hash.AppendData(request);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The one upload-pack behind an answer: the request in, its stdout appended to the file chunk
    /// by chunk through one pooled buffer. Stopped only when every reader has left or the server
    /// stops. An answer written while the refs changed under it is not given to anyone else.
    /// </summary>
    private async Task ProduceAsync(CachedPackLease lease, ProcessStartInfo info, RepositoryInfo repository, byte[] request, string refs)
    {
        var pack = lease.Pack;
        var succeeded = false;
        var exitCode = -1;
        var stderr = "";
        try
        {
            using var attached = hook.Attach(info, repository);
            using var git = GitProcess.Start(info, GitProcess.DefaultStderrTailBytes);
            using var stop = pack.Producer.Token.Register(git.Kill);
            var feeding = FeedAsync(git, request);
            await packs.FillAsync(lease, git.Stdout);
            await git.WaitForExitAsync(CancellationToken.None);
            await feeding;
            stderr = await git.StderrTail;
            exitCode = git.ExitCode;
            succeeded = exitCode == 0 && !pack.Producer.IsCancellationRequested;
        }
        catch (Exception ex) when (ex is IOException or GitCommandException or ObjectDisposedException or InvalidOperationException)
        {
            LogBroken(ex, pack.Key);
            stderr = ex.Message;
        }
        finally
        {
            await lease.Writer!.DisposeAsync();
            packs.Finish(pack, succeeded, exitCode, stderr);
            if (succeeded && RefsState.Of(repository.Path) != refs)
            {
                packs.Drop(pack);
            }
        }
    }

    /// <summary>The request into git's stdin, then end of input; git leaving early ends it quietly.</summary>
    private static async Task FeedAsync(GitProcess git, byte[] request)
    {
        try
        {
            await git.Stdin.WriteAsync(request);
        }
        catch (IOException)
        {
            // git exited or closed its stdin: its exit status tells what happened
        }
        finally
        {
            git.CloseStdin();
        }
    }

    /// <summary>The answer from its first byte to its end, waiting while it grows; how git ended it.</summary>
    private async Task<GitRpcResult> StreamAsync(CachedPackLease lease, Stream output, bool hit, CancellationToken aborted)
    {
        try
        {
            var state = await packs.ReadToEndAsync(lease, async (chunk, ct) =>
            {
                await output.WriteAsync(chunk, ct);
                if (hit)
                {
                    metrics.Served(chunk.Length);
                }
            }, aborted);
            return state == CachedPackState.Complete
                ? new GitRpcResult(GitRpcError.None, 0, "")
                : new GitRpcResult(GitRpcError.GitExit, lease.Pack.ExitCode, lease.Pack.FailureDetail);
        }
        catch (CachedPackReadException ex)
        {
            return new GitRpcResult(GitRpcError.ResponseBodyGit, -1, "", ex);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            return new GitRpcResult(GitRpcError.ResponseBodyClient, -1, "", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "pack cache hit: repository {RepositoryId}, key {Key} (upload-pack's whole answer)")]
    private partial void LogHit(string repositoryId, string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "pack cache: repository {RepositoryId}, answer {Key}: running upload-pack, its answer kept for identical clones")]
    private partial void LogAnswering(string repositoryId, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pack cache: no file for an answer of repository {RepositoryId}; upload-pack answers on its own")]
    private partial void LogNoFile(Exception exception, string repositoryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pack cache: writing answer {Key} failed")]
    private partial void LogBroken(Exception exception, string key);
}
