using Gitstead.Aws;
using Gitstead.CodeCommit.Git;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// The console's view of a repository's references: branches with the commit each points at,
/// and tags with the commit each leads to. Authorized as <c>codecommit:GetReferences</c>, the
/// permission AWS defines for returning all references (no API of that name); pages in ordinal
/// order of the name, continued by an opaque token.
/// </summary>
public sealed class ReferenceService
{
    /// <summary>Ref names cannot hold a space or a control character (git-check-ref-format(1)), so a line splits safely.</summary>
    private const string Format = "%(objectname) %(objecttype) %(*objectname) %(*objecttype) %(refname)";

    private readonly RepositoryStore _repositories;
    private readonly IAuthorizer _authorizer;

    internal ReferenceService(RepositoryStore repositories, IAuthorizer authorizer)
    {
        _repositories = repositories;
        _authorizer = authorizer;
    }

    /// <summary>Branches and their tip commits; InvalidContinuationTokenException for a token this list did not issue.</summary>
    public async Task<Page<BranchInfo>> ListBranchesAsync(CallContext call, string? repositoryName, PageRequest page, CancellationToken ct)
    {
        var references = await ReadAsync(call, repositoryName, "refs/heads/", page, ct);
        var branches = references.Select(r => new BranchInfo(r.Name, r.ObjectId));
        return PageTokens.PageOrdered(branches, b => b.Name, page, CodeCommitErrors.InvalidContinuationToken);
    }

    /// <summary>
    /// Tags, the object each ref holds and the commit it leads to: the object itself for a
    /// lightweight tag, the tagged commit for an annotated one, none when it tags no commit.
    /// </summary>
    public async Task<Page<TagInfo>> ListTagsAsync(CallContext call, string? repositoryName, PageRequest page, CancellationToken ct)
    {
        var references = await ReadAsync(call, repositoryName, "refs/tags/", page, ct);
        var tags = references.Select(r => new TagInfo(r.Name, r.ObjectId, r.CommitId));
        return PageTokens.PageOrdered(tags, t => t.Name, page, CodeCommitErrors.InvalidContinuationToken);
    }

    private async Task<List<Reference>> ReadAsync(CallContext call, string? repositoryName, string prefix, PageRequest page, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        ArgumentOutOfRangeException.ThrowIfLessThan(page.MaxItems, 1);
        await _authorizer.RequireAsync(call, "codecommit:GetReferences", RepositoryService.Arn(call, name), ct);
        var repository = await _repositories.OpenAsync(call, name, KeyUse.Read, ct);
        var result = await GitCommand.InRepositoryAsync(repository.Path, ["for-each-ref", "--format=" + Format], [prefix], ct);
        return [.. Parse(result.Expect("git for-each-ref"), prefix).OrderBy(r => r.Name, StringComparer.Ordinal)];
    }

    /// <summary>Parses <see cref="Format"/> lines of refs under <paramref name="prefix"/>.</summary>
    internal static IEnumerable<Reference> Parse(string output, string prefix)
    {
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', 5);
            if (fields.Length != 5 || !fields[4].StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var commit = fields[1] == "commit" ? fields[0] : fields[3] == "commit" ? fields[2] : null;
            yield return new Reference(fields[4][prefix.Length..], fields[0], commit);
        }
    }

    internal sealed record Reference(string Name, string ObjectId, string? CommitId);
}
