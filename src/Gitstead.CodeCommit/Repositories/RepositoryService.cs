using Gitstead.Aws;
using Gitstead.Storage.Entities;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// Repositories, as a caller may see and change them: every method checks its input against
/// CodeCommit's rules, then authorizes the caller (<c>codecommit:ACTION</c> on the repository
/// ARN of the call's account and region), then acts. What the API and the console both call.
/// Errors are CodeCommit's modelled exceptions (<see cref="AwsServiceException"/>) and
/// <see cref="AccessDeniedException"/>.
/// </summary>
public sealed class RepositoryService
{
    private const int MaxBatchNames = 100;

    private readonly RepositoryStore _store;
    private readonly RepositoryListing _listing;
    private readonly CloneUrls _urls;
    private readonly IAuthorizer _authorizer;
    private readonly RepositoryKeys _keys;

    internal RepositoryService(RepositoryStore store, RepositoryListing listing, CloneUrls urls, IAuthorizer authorizer, RepositoryKeys keys)
    {
        _store = store;
        _listing = listing;
        _urls = urls;
        _authorizer = authorizer;
        _keys = keys;
    }

    /// <summary>
    /// CreateRepository: <c>codecommit:CreateRepository</c>, with <c>aws:RequestTag/*</c> and
    /// <c>aws:TagKeys</c> for its tags; then KMS, on the caller's behalf, resolves the key
    /// (<c>kmsKeyId</c>, else the AWS managed key <c>alias/aws/codecommit</c>, made now if this is
    /// the account's first repository in the region) and generates the repository's data key.
    /// </summary>
    public async Task<RepositoryMetadata> CreateAsync(CallContext call, NewRepository request, CancellationToken ct)
    {
        var valid = request with
        {
            Name = RepositoryRules.Name(request.Name),
            Description = RepositoryRules.Description(request.Description),
            Tags = RepositoryRules.CheckTags(request.Tags ?? new Dictionary<string, string>()),
            KmsKeyId = RepositoryRules.KmsKeyId(request.KmsKeyId),
        };
        await _authorizer.RequireAsync(call, "codecommit:CreateRepository", Arn(call, valid.Name!), RepositoryRules.TagConditions(valid.Tags), ct);
        var repositoryId = Guid.NewGuid().ToString("D");
        var key = await _keys.NewAsync(call, valid.KmsKeyId, repositoryId, ct);
        return Metadata(await _store.CreateAsync(call.AccountId, call.Region, valid, repositoryId, key, ct));
    }

    /// <summary>
    /// UpdateRepositoryEncryptionKey: <c>codecommit:UpdateRepositoryEncryptionKey</c>; the caller
    /// must be able to describe the new key and generate a data key under it, and to decrypt the
    /// repository's data key under its present key (as CodeCommit re-encrypts). Returns the
    /// repository id, the new key id and the one it replaces.
    /// </summary>
    public async Task<EncryptionKeyChange> UpdateEncryptionKeyAsync(CallContext call, string? name, string? kmsKeyId, CancellationToken ct)
    {
        var valid = RepositoryRules.Name(name);
        if (string.IsNullOrEmpty(kmsKeyId))
        {
            throw CodeCommitErrors.Error("EncryptionKeyRequiredException", "A KMS encryption key ID is required but was not specified.");
        }

        var keyId = RepositoryRules.KmsKeyId(kmsKeyId)!;
        await _authorizer.RequireAsync(call, "codecommit:UpdateRepositoryEncryptionKey", Arn(call, valid), ct);
        var repository = await _store.RequireAsync(call.AccountId, call.Region, valid, ct);
        var key = await _keys.NewAsync(call, keyId, repository.RepositoryId, ct);

        // The row read once: the key it names (or the one a repository made before KMS was just
        // given) is what the caller must decrypt, and what the replacement expects to find.
        var current = await _keys.OpenAsync(call, repository, KeyUse.Read, ct);
        if (!await _keys.ReplaceAsync(repository.Key, current.DataKeyCiphertext, key, ct))
        {
            throw CodeCommitErrors.Error("EncryptionKeyUnavailableException", "The repository's encryption key changed while it was being updated; try again.");
        }

        return new EncryptionKeyChange(repository.RepositoryId, key.KmsKeyId, current.KmsKeyId);
    }

    /// <summary>GetRepository: <c>codecommit:GetRepository</c>; RepositoryDoesNotExistException.</summary>
    public async Task<RepositoryMetadata> GetAsync(CallContext call, string? name, CancellationToken ct)
    {
        var valid = RepositoryRules.Name(name);
        await _authorizer.RequireAsync(call, "codecommit:GetRepository", Arn(call, valid), ct);
        return Metadata(await _store.GetAsync(call.AccountId, call.Region, valid, ct));
    }

    /// <summary>
    /// BatchGetRepositories: up to 100 names, each authorized (<c>codecommit:BatchGetRepositories</c>);
    /// the names that do not exist are reported, not refused.
    /// </summary>
    public async Task<RepositoryBatch> BatchGetAsync(CallContext call, IReadOnlyList<string>? names, CancellationToken ct)
    {
        if (names is null)
        {
            throw RepositoryRules.Required("RepositoryNamesRequiredException", "At least one repository name");
        }

        if (names.Count > MaxBatchNames)
        {
            throw CodeCommitErrors.Error("MaximumRepositoryNamesExceededException",
                $"The maximum number of allowed repository names was exceeded. Currently, this number is {MaxBatchNames}.");
        }

        var valid = names.Select(RepositoryRules.Name).Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in valid)
        {
            await _authorizer.RequireAsync(call, "codecommit:BatchGetRepositories", Arn(call, name), ct);
        }

        var found = (await _store.GetManyAsync(call.AccountId, call.Region, valid, ct)).ToDictionary(r => r.RepositoryName, StringComparer.Ordinal);
        return new RepositoryBatch(
            valid.Where(found.ContainsKey).Select(n => Metadata(found[n])).ToList(),
            valid.Where(n => !found.ContainsKey(n)).ToList());
    }

    /// <summary>ListRepositories: <c>codecommit:ListRepositories</c> on <c>*</c>; pages of 1,000 continued by <paramref name="nextToken"/>.</summary>
    public async Task<Page<RepositorySummary>> ListAsync(CallContext call, RepositorySort sort, bool ascending, string? nextToken, CancellationToken ct)
    {
        await _authorizer.RequireAsync(call, "codecommit:ListRepositories", "*", ct);
        return await _listing.ListAsync(call.AccountId, call.Region, sort, ascending, nextToken, ct);
    }

    /// <summary>
    /// The console's list: ListRepositories' permission (<c>codecommit:ListRepositories</c> on
    /// <c>*</c>) and order, limited to names that contain <paramref name="nameContains"/>
    /// (ignoring case; all names when empty), at most <see cref="PageRequest.MaxItems"/> (1 to
    /// 1,000) a page. InvalidMaxResultsException for another page size.
    /// </summary>
    public async Task<Page<RepositorySummary>> SearchAsync(
        CallContext call, string? nameContains, RepositorySort sort, bool ascending, PageRequest page, CancellationToken ct)
    {
        if (page.MaxItems is < 1 or > RepositoryListing.PageSize)
        {
            throw CodeCommitErrors.InvalidMaxResults();
        }

        await _authorizer.RequireAsync(call, "codecommit:ListRepositories", "*", ct);
        return await _listing.ListAsync(call.AccountId, call.Region, sort, ascending, page.Token, ct, nameContains?.Trim(), page.MaxItems);
    }

    /// <summary>UpdateRepositoryName: the permission must cover the repository under both names.</summary>
    public async Task RenameAsync(CallContext call, string? oldName, string? newName, CancellationToken ct)
    {
        var from = RepositoryRules.Name(oldName);
        var to = RepositoryRules.Name(newName);
        await _authorizer.RequireAsync(call, "codecommit:UpdateRepositoryName", Arn(call, from), ct);
        await _authorizer.RequireAsync(call, "codecommit:UpdateRepositoryName", Arn(call, to), ct);
        await _store.RenameAsync(call.AccountId, call.Region, from, to, ct);
    }

    /// <summary>UpdateRepositoryDescription: <c>codecommit:UpdateRepositoryDescription</c>; null clears it.</summary>
    public async Task UpdateDescriptionAsync(CallContext call, string? name, string? description, CancellationToken ct)
    {
        var valid = RepositoryRules.Name(name);
        var text = RepositoryRules.Description(description);
        await _authorizer.RequireAsync(call, "codecommit:UpdateRepositoryDescription", Arn(call, valid), ct);
        await _store.UpdateDescriptionAsync(call.AccountId, call.Region, valid, text, ct);
    }

    /// <summary>DeleteRepository: <c>codecommit:DeleteRepository</c>; the deleted repository's id, or null when there was none.</summary>
    public async Task<string?> DeleteAsync(CallContext call, string? name, CancellationToken ct)
    {
        var valid = RepositoryRules.Name(name);
        await _authorizer.RequireAsync(call, "codecommit:DeleteRepository", Arn(call, valid), ct);
        return await _store.DeleteAsync(call.AccountId, call.Region, valid, ct);
    }

    /// <summary>The repository ARN a call names: always in the caller's own account and the call's region.</summary>
    internal static string Arn(CallContext call, string name) => Arns.Repository(call.Region, call.AccountId, name);

    private RepositoryMetadata Metadata(Repository row)
    {
        var (http, ssh) = _urls.For(row.Region, row.RepositoryName);
        return new RepositoryMetadata(
            row.AccountId, row.RepositoryId, row.RepositoryName, row.Description, row.DefaultBranch,
            row.LastModifiedDate, row.CreationDate, http, ssh, Arns.Repository(row.Region, row.AccountId, row.RepositoryName), row.KmsKeyId);
    }
}
