using Gitstead.Aws;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Kms.Keys;

/// <summary>Tags of a key: TagResource, UntagResource, ListResourceTags (key id or key ARN only).</summary>
public sealed class KeyTagService
{
    private readonly IGitsteadDb _db;
    private readonly KeyAccess _access;

    internal KeyTagService(IGitsteadDb db, KeyAccess access)
    {
        _db = db;
        _access = access;
    }

    /// <summary>TagResource: adds or replaces tags (50 at most); <c>kms:TagResource</c> with the tag condition keys.</summary>
    public async Task TagAsync(KmsCall call, string? keyId, IReadOnlyList<KeyValuePair<string, string>>? tags, CancellationToken ct)
    {
        var reference = KeyReference.ParseKeyOnly(call.Call, keyId);
        var valid = KeyTags.Check(tags ?? throw KmsErrors.Required("tags"));
        await using var context = _db.Create();
        var key = await _access.FindAsync(context, call, reference, ct);
        await _access.AuthorizeAsync(call, "kms:TagResource", key, null, KeyTags.Conditions(valid), ct);
        KeyStates.RequireNotPendingDeletion(key);
        await context.Entry(key).Collection(k => k.Tags).LoadAsync(ct);
        foreach (var (tagKey, value) in valid)
        {
            if (key.Tags.FirstOrDefault(t => t.TagKey == tagKey) is { } existing)
            {
                existing.TagValue = value;
            }
            else
            {
                key.Tags.Add(new KmsKeyTag { TagKey = tagKey, TagValue = value });
            }
        }

        KeyTags.CheckCount(key.Tags.Count);
        await context.SaveChangesAsync(ct);
    }

    /// <summary>UntagResource: removes the named tags (absent ones are ignored); <c>kms:UntagResource</c> with <c>aws:TagKeys</c>.</summary>
    public async Task UntagAsync(KmsCall call, string? keyId, IReadOnlyList<string>? tagKeys, CancellationToken ct)
    {
        var reference = KeyReference.ParseKeyOnly(call.Call, keyId);
        var keys = tagKeys ?? throw KmsErrors.Required("tagKeys");
        await using var context = _db.Create();
        var key = await _access.FindAsync(context, call, reference, ct);
        var conditions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["aws:TagKeys"] = keys };
        await _access.AuthorizeAsync(call, "kms:UntagResource", key, null, conditions, ct);
        KeyStates.RequireNotPendingDeletion(key);
        await context.KmsKeyTags.Where(t => t.KeyKey == key.Key && keys.Contains(t.TagKey)).ExecuteDeleteAsync(ct);
    }

    /// <summary>ListResourceTags: <c>kms:ListResourceTags</c>; the tags in key order.</summary>
    public async Task<Page<KeyValuePair<string, string>>> ListAsync(KmsCall call, string? keyId, PageRequest page, CancellationToken ct)
    {
        var reference = KeyReference.ParseKeyOnly(call.Call, keyId);
        await using var context = _db.Create();
        var key = await _access.FindAsync(context, call, reference, ct);
        await _access.AuthorizeAsync(call, "kms:ListResourceTags", key, ct);
        var tags = await context.KmsKeyTags.AsNoTracking().Where(t => t.KeyKey == key.Key).ToListAsync(ct);
        return PageTokens.PageOrdered(
            tags.OrderBy(t => t.TagKey, StringComparer.Ordinal).Select(t => KeyValuePair.Create(t.TagKey, t.TagValue)),
            t => t.Key, page, KmsErrors.InvalidMarker);
    }
}
