using Gitstead.Aws;
using Gitstead.CodeCommit.Git;
using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gitstead.CodeCommit.Transport;

/// <summary>
/// The rules around a push that git does not know: <c>codecommit:GitPush</c> with
/// <c>codecommit:References</c> before any ref moves (reference notes §7.2), and what a
/// successful push changes in the repository's metadata.
/// </summary>
internal sealed partial class PushPolicy(GitAccess access, RepositoryService repositories, RepositoryMaintenance maintenance, ILogger<PushPolicy> logger)
{
    private const string BranchPrefix = "refs/heads/";

    /// <summary>
    /// Evaluates GitPush with every ref the push changes (without the key when it changes none,
    /// as at connection time). When denied, reads and discards the rest of the body and answers
    /// with a report that rejects every ref, so git prints why and nothing moves; returns false.
    /// </summary>
    public async Task<bool> AuthorizeAsync(HttpContext http, GitRequest request, PushCommands commands, Stream body)
    {
        var refs = commands.RefNames;
        var decision = await DecideAsync(http, request, refs.Count > 0 ? refs : null);
        if (decision == AuthorizationDecision.Allow)
        {
            return true;
        }

        var denied = refs.Count > 1 ? await DeniedRefsAsync(http, request, refs) : refs.ToHashSet(StringComparer.Ordinal);
        LogDenied(request.ResourceArn, request.Caller.Arn, string.Join(' ', denied));
        var (drained, _) = await StreamCopier.CopyAsync(body, Stream.Null, ReadOnlyMemory<byte>.Empty, http.RequestAborted);
        if (drained != StreamCopyResult.Success)
        {
            http.Abort();
            return false;
        }

        var report = PushReport.Rejected(
            commands,
            u => denied.Contains(u.RefName)
                ? "denied by an IAM policy (codecommit:GitPush)"
                : "not updated: the push was denied for another ref",
            Explain(request, decision, denied));
        GitResponses.StartGit(http.Response, "application/x-git-receive-pack-result");
        await http.Response.Body.WriteAsync(report, http.RequestAborted);
        return false;
    }

    /// <summary>
    /// After git accepted a push: the first pushed branch becomes the default branch of a
    /// repository that has none (main or master when several are pushed at once), and the
    /// repository's last-modified date moves, and the repository is queued for maintenance
    /// (<see cref="RepositoryMaintenance"/>). Failures are logged; the push itself stands.
    /// </summary>
    public async Task RecordAsync(RepositoryInfo repository, PushCommands commands)
    {
        maintenance.Schedule(repository.Path);
        try
        {
            if (repository.DefaultBranch is null && await FirstBranchAsync(repository, commands) is { } branch)
            {
                await repositories.SetDefaultBranchIfUnsetAsync(repository.Key, branch, CancellationToken.None);
            }

            await repositories.TouchAsync(repository.Key, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRecordFailed(ex, repository.Arn);
        }
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
    private static IEnumerable<string> Explain(GitRequest request, AuthorizationDecision decision, IReadOnlySet<string> denied)
    {
        yield return "Push rejected: " + GitAccess.DeniedMessage(request.Caller, GitAccess.GitPush, request.ResourceArn, decision);
        if (denied.Count > 0)
        {
            yield return "Denied for: " + string.Join(", ", denied);
        }
    }

    private ValueTask<AuthorizationDecision> DecideAsync(HttpContext http, GitRequest request, IReadOnlyList<string>? refs) =>
        access.AuthorizeAsync(http, request.Caller, GitAccess.GitPush, request.ResourceArn, request.Region, refs);

    /// <summary>Which refs a refused push was refused for, to say so per ref; all of them if none is refused alone.</summary>
    private async Task<HashSet<string>> DeniedRefsAsync(HttpContext http, GitRequest request, IReadOnlyList<string> refs)
    {
        var denied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in refs)
        {
            if (await DecideAsync(http, request, [name]) != AuthorizationDecision.Allow)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "git-receive-pack {Repository}: the push succeeded but recording it failed")]
    private partial void LogRecordFailed(Exception exception, string repository);
}
