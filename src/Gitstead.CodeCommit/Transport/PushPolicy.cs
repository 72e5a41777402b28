using Gitstead.Aws;
using Gitstead.CodeCommit.Git;
using Gitstead.CodeCommit.PullRequests;
using Gitstead.CodeCommit.Repositories;
using Microsoft.Extensions.Logging;

namespace Gitstead.CodeCommit.Transport;

/// <summary>
/// A push's ref check, decided before git sees the commands: allowed, or refused with the refs
/// it was refused for and the report-status that makes git print why (the same bytes on every
/// transport, since they travel inside git's own protocol).
/// </summary>
internal sealed record PushVerdict(bool Allowed, IReadOnlySet<string> DeniedRefs, byte[] Report)
{
    public static PushVerdict Allow { get; } = new(true, new HashSet<string>(), []);
}

/// <summary>
/// The rules around a push that git does not know: <c>codecommit:GitPush</c> with
/// <c>codecommit:References</c> before any ref moves (reference notes §7.2), and what a
/// successful push changes in the repository's metadata.
/// </summary>
internal sealed partial class PushPolicy(
    GitSessions sessions,
    RepositoryStore repositories,
    RepositoryMaintenance maintenance,
    TriggerQueue triggers,
    GitAudit audit,
    ILogger<PushPolicy> logger,
    PullRequestStore? pullRequests = null)
{
    private const string BranchPrefix = "refs/heads/";

    /// <summary>
    /// Evaluates GitPush with every ref the push changes (without the key when it changes none,
    /// as at connection time). When denied, the verdict carries a report that rejects every
    /// ref, so git prints why and nothing moves.
    /// </summary>
    public async Task<PushVerdict> DecideAsync(GitCaller caller, PushCommands commands, CancellationToken ct)
    {
        if (commands.IsOverLimit)
        {
            var message = $"A push may change at most {PushCommands.MaxCommands} references and this one changes {commands.CommandCount}; push them in smaller batches.";
            LogOverLimit(caller.ResourceArn, caller.Call.Caller.Arn, commands.CommandCount);
            await audit.PushDeniedAsync(caller, commands, message, "LimitExceeded");
            return new PushVerdict(false, new HashSet<string>(), PushReport.Rejected(commands, _ => "too many references in one push", [message]));
        }

        var refs = commands.RefNames;
        var result = await sessions.DecideAsync(caller, GitService.ReceivePack, refs.Count > 0 ? refs : null, ct);
        if (result.IsAllowed)
        {
            return PushVerdict.Allow;
        }

        var denied = refs.Count > 1 ? await DeniedRefsAsync(caller, refs, ct) : refs.ToHashSet(StringComparer.Ordinal);
        LogDenied(caller.ResourceArn, caller.Call.Caller.Arn, string.Join(' ', denied));
        var report = PushReport.Rejected(
            commands,
            name => denied.Contains(name)
                ? "denied by an IAM policy (codecommit:GitPush)"
                : "not updated: the push was denied for another ref",
            Explain(caller, result, denied));
        await audit.PushDeniedAsync(caller, commands, string.Join(' ', Explain(caller, result, denied)));
        return new PushVerdict(false, denied, report);
    }

    /// <summary>
    /// After git accepted a push: the first pushed branch becomes the default branch of a
    /// repository that has none (main or master when several are pushed at once), the
    /// repository's last-modified date moves when a ref really moved (git may refuse every
    /// command of a push that succeeds, or a command may leave a ref where it was), the
    /// repository is queued for maintenance (<see cref="RepositoryMaintenance"/>), the refs
    /// that moved are queued for the repository's triggers, and the open pull requests on those
    /// branches are brought up to date with the pusher as actor. Failures are logged; the push itself stands.
    /// </summary>
    public async Task RecordAsync(GitCaller caller, RepositoryInfo repository, PushCommands commands)
    {
        var userArn = caller.Call.Caller.Arn;
        await audit.PushedAsync(caller, repository, commands);
        maintenance.Schedule(repository.Path);
        try
        {
            if (repository.DefaultBranch is null && await FirstBranchAsync(repository, commands) is { } branch)
            {
                await repositories.SetDefaultBranchIfUnsetAsync(repository.Key, branch, CancellationToken.None);
            }

            var moved = (await MovedAsync(repository, commands)).Where(c => c.OldId != c.NewId).ToList();
            if (moved.Count > 0)
            {
                await repositories.TouchAsync(repository.Key, CancellationToken.None);
            }

            await triggers.EnqueueAsync(repository, userArn, moved);
            if (pullRequests is not null)
            {
                await pullRequests.RefreshPushedAsync(repository, moved, userArn);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRecordFailed(ex, repository.Arn);
        }
    }

    /// <summary>
    /// The updates git carried out: git may refuse some commands of a push that succeeds (a
    /// non-fast-forward, a stale old value), so each ref is read back and kept only when it is
    /// where the command put it.
    /// </summary>
    private static async Task<IReadOnlyList<ReferenceChange>> MovedAsync(RepositoryInfo repository, PushCommands commands)
    {
        // Full ref names are exact for-each-ref patterns (a ref name has no glob characters); a huge push reads every ref instead.
        string[] patterns = commands.Updates.Count <= 200 ? [.. commands.Updates.Select(u => u.RefName)] : [];
        var listing = await GitCommand.InRepositoryAsync(repository.Path, ["for-each-ref", "--format=%(objectname) %(refname)"], patterns, CancellationToken.None);
        var now = listing.Expect("git for-each-ref").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 2)).Where(p => p.Length == 2).ToDictionary(p => p[1], p => p[0], StringComparer.Ordinal);
        return [.. commands.Updates
            .Where(u => u.IsDelete ? !now.ContainsKey(u.RefName) : now.TryGetValue(u.RefName, out var id) && id == u.NewId)
            .Select(u => new ReferenceChange(u.RefName, u.OldId, u.NewId))];
    }

    /// <summary>The branch to make default, among those the push created or updated that exist now.</summary>
    internal static string? ChooseDefaultBranch(IEnumerable<RefUpdate> updates, IReadOnlySet<string> existingBranches)
    {
        var pushed = updates
            .Where(u => !u.IsDelete && u.RefName.StartsWith(BranchPrefix, StringComparison.Ordinal) && existingBranches.Contains(u.RefName))
            .Select(u => u.RefName[BranchPrefix.Length..])
            .ToList();
        return pushed.FirstOrDefault(b => b == "main") ?? pushed.FirstOrDefault(b => b == "master") ?? pushed.FirstOrDefault();
    }

    /// <summary>The lines the client prints as <c>remote: …</c>: AWS's denial text and the refs it was for.</summary>
    private static IEnumerable<string> Explain(GitCaller caller, AuthorizationResult result, IReadOnlySet<string> denied)
    {
        yield return "Push rejected: " + GitSessions.DeniedMessage(caller, GitService.ReceivePack, result);
        if (denied.Count > 0)
        {
            yield return "Denied for: " + string.Join(", ", denied);
        }
    }

    /// <summary>Which refs a refused push was refused for, to say so per ref; all of them if none is refused alone.</summary>
    private async Task<HashSet<string>> DeniedRefsAsync(GitCaller caller, IReadOnlyList<string> refs, CancellationToken ct)
    {
        var denied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in refs)
        {
            if (!(await sessions.DecideAsync(caller, GitService.ReceivePack, [name], ct)).IsAllowed)
            {
                denied.Add(name);
            }
        }

        return denied.Count > 0 ? denied : refs.ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<string?> FirstBranchAsync(RepositoryInfo repository, PushCommands commands)
    {
        if (!commands.Updates.Any(u => !u.IsDelete && u.RefName.StartsWith(BranchPrefix, StringComparison.Ordinal)))
        {
            return null;
        }

        var listing = await GitCommand.InRepositoryAsync(repository.Path, ["for-each-ref", "--format=%(refname)", BranchPrefix], [], CancellationToken.None);
        var existing = listing.Expect("git for-each-ref").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return ChooseDefaultBranch(commands.Updates, existing);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "git-receive-pack {Repository}: push by {Principal} denied for {References}")]
    private partial void LogDenied(string repository, string principal, string references);

    [LoggerMessage(Level = LogLevel.Information, Message = "git-receive-pack {Repository}: push by {Principal} refused: it changes {Count} references, over the limit of one push")]
    private partial void LogOverLimit(string repository, string principal, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "git-receive-pack {Repository}: the push succeeded but recording it failed")]
    private partial void LogRecordFailed(Exception exception, string repository);
}
