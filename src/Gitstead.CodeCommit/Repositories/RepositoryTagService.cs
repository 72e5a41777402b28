using Gitstead.Aws;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// Tags of a repository, named by its ARN (TagResource, UntagResource, ListTagsForResource).
/// Keys are case-sensitive. Each method checks its input, authorizes the caller on the ARN, then acts.
/// </summary>
public sealed class RepositoryTagService
{
    private readonly IGitsteadDb _db;
    private readonly IAuthorizer _authorizer;

    internal RepositoryTagService(IGitsteadDb db, IAuthorizer authorizer)
    {
        _db = db;
        _authorizer = authorizer;
    }

    /// <summary>TagResource: adds or replaces tags (at most 50 in all); <c>codecommit:TagResource</c> with the tag condition keys.</summary>
    public async Task TagAsync(CallContext call, string? resourceArn, IReadOnlyDictionary<string, string>? tags, CancellationToken ct)
    {
        var (arn, name) = Resource(call, resourceArn);
        var values = RepositoryRules.CheckTags(tags ?? throw RepositoryRules.Required("TagsMapRequiredException", "A map of tags"));
        await _authorizer.RequireAsync(call, "codecommit:TagResource", arn, RepositoryRules.TagConditions(values), ct);
        await using var context = _db.Create();
        var repository = await LoadAsync(context, call, name, ct);
        foreach (var (key, value) in values)
        {
            var existing = repository.Tags.FirstOrDefault(t => t.Key == key);
            if (existing is null)
            {
                repository.Tags.Add(new RepositoryTag { Key = key, Value = value });
            }
            else
            {
                existing.Value = value;
            }
        }

        RepositoryRules.CheckTagCount(repository.Tags.Count);
        await context.SaveChangesAsync(ct);
    }

    /// <summary>UntagResource: removes the named tags (keys not set are ignored); <c>codecommit:UntagResource</c> with <c>aws:TagKeys</c>.</summary>
    public async Task UntagAsync(CallContext call, string? resourceArn, IReadOnlyList<string>? tagKeys, CancellationToken ct)
    {
        var (arn, name) = Resource(call, resourceArn);
        var keys = tagKeys ?? throw RepositoryRules.Required("TagKeysListRequiredException", "A list of tag keys");
        if (keys.Any(k => k.Length is < 1 or > 128))
        {
            throw CodeCommitErrors.Error("InvalidTagKeysListException", "The list of tag keys is not valid. Tag keys must be 1 to 128 characters long.");
        }

        var conditions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["aws:TagKeys"] = keys };
        await _authorizer.RequireAsync(call, "codecommit:UntagResource", arn, conditions, ct);
        foreach (var key in keys)
        {
            RepositoryRules.CheckNotSystemKey(key);
        }

        await using var context = _db.Create();
        var repository = await LoadAsync(context, call, name, ct);
        repository.Tags.RemoveAll(t => keys.Contains(t.Key, StringComparer.Ordinal));
        await context.SaveChangesAsync(ct);
    }

    /// <summary>ListTagsForResource: <c>codecommit:ListTagsForResource</c>; the tags in key order.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ListAsync(CallContext call, string? resourceArn, CancellationToken ct)
    {
        var (arn, name) = Resource(call, resourceArn);
        await _authorizer.RequireAsync(call, "codecommit:ListTagsForResource", arn, ct);
        await using var context = _db.Create();
        var repository = await LoadAsync(context, call, name, ct);
        return repository.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// The repository a <c>resourceArn</c> names. One of another account or region is reported
    /// as not existing: repositories are per account and region, and none other is visible.
    /// </summary>
    private static (string Arn, string Name) Resource(CallContext call, string? arn)
    {
        if (string.IsNullOrEmpty(arn))
        {
            throw RepositoryRules.Required("ResourceArnRequiredException", "A valid Amazon Resource Name (ARN) for a CodeCommit repository");
        }

        if (!Arns.TryParseRepository(arn, out var region, out var accountId, out var name))
        {
            throw CodeCommitErrors.Error("InvalidResourceArnException",
                $"The value for the resource ARN is not valid: {arn}. For more information about resources in CodeCommit, see CodeCommit Resources and Operations in the AWS CodeCommit User Guide.");
        }

        RepositoryRules.Name(name);
        if (accountId != call.AccountId || region != call.Region)
        {
            throw CodeCommitErrors.RepositoryDoesNotExist(name);
        }

        return (Arns.Repository(region, accountId, name), name);
    }

    private static async Task<Repository> LoadAsync(GitsteadDbContext context, CallContext call, string name, CancellationToken ct) =>
        await context.Repositories.Include(r => r.Tags)
            .FirstOrDefaultAsync(r => r.AccountId == call.AccountId && r.Region == call.Region && r.RepositoryName == name, ct)
        ?? throw CodeCommitErrors.RepositoryDoesNotExist(name);
}
