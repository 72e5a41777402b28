using System.Collections.Concurrent;
using System.Threading.Channels;
using Gitstead.CodeCommit.Git;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// Keeps pushed repositories quick to serve, in the background after each push: a geometric
/// repack that folds small packs into larger ones and writes a multi-pack index with a
/// reachability bitmap (clones and fetches then find what to send without walking history),
/// and a commit graph (negotiation and history walks without parsing commits). One repository
/// at a time, each at most once in the queue however many pushes arrive meanwhile; git's own
/// locks keep it safe beside pushes and fetches, on this node or another sharing the storage.
/// </summary>
public sealed partial class RepositoryMaintenance(ILogger<RepositoryMaintenance> logger) : BackgroundService
{
    /// <summary>A large repository's first repack reads all of it; later ones touch only new packs.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);

    /// <summary>Queues the bare repository at <paramref name="repositoryPath"/> unless it is already waiting.</summary>
    public void Schedule(string repositoryPath)
    {
        if (_pending.TryAdd(repositoryPath, 0))
        {
            _queue.Writer.TryWrite(repositoryPath);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var path in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            // Taken off first: a push that lands while this one runs queues the repository again.
            _pending.TryRemove(path, out _);
            try
            {
                await MaintainAsync(path, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Maintenance is an optimization: whatever fails (git, the disk, a repository
                // deleted meanwhile) is logged, and the server and the queue go on.
                LogFailed(ex, path);
            }
        }
    }

    internal static async Task MaintainAsync(string path, CancellationToken ct)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        (await GitCommand.InRepositoryAsync(path, ["repack", "-d", "-q", "--geometric=2", "--write-midx", "--write-bitmap-index"], [], ct, Timeout))
            .Expect("git repack");
        (await GitCommand.InRepositoryAsync(path, ["commit-graph", "write", "--reachable", "--no-progress"], [], ct, Timeout))
            .Expect("git commit-graph write");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Maintenance of repository {Path} failed")]
    private partial void LogFailed(Exception exception, string path);
}
