using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Kms.Keys;

/// <summary>
/// What time does to keys: a key pending deletion is destroyed once its deletion date has
/// passed (the key row, and with it its material, aliases and tags), and a key with automatic
/// rotation gets a new material version once its rotation is due. Both happen lazily when a key
/// is used and in a periodic sweep (<see cref="KeyLifecycleSweep"/>), on whichever node comes
/// first; the database decides races, so no node holds state of its own.
/// </summary>
internal sealed class KeyLifecycle(IGitsteadDb db, KeyMaterials materials, TimeProvider time)
{
    /// <summary>AWS allows 25 on-demand rotations per key.</summary>
    public const int MaxOnDemandRotations = 25;

    public DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>True when the key was past its deletion date and is now gone for good.</summary>
    public async Task<bool> DestroyIfDueAsync(GitsteadDbContext context, KmsKey key, CancellationToken ct)
    {
        if (key.KeyState != KeyStates.PendingDeletion || key.DeletionDate is not { } date || date > Now)
        {
            return false;
        }

        await DestroyAsync(context, key.Key, ct);
        return true;
    }

    /// <summary>
    /// Adds a material version when automatic rotation is due, and returns the key as it now is.
    /// Two nodes rotating at once both try to insert the same version; one insert wins, the
    /// other reads the key again.
    /// </summary>
    public async Task<KmsKey> RotateIfDueAsync(KmsKey key, CancellationToken ct)
    {
        if (!IsRotationDue(key, Now))
        {
            return key;
        }

        await RotateAsync(key.Key, "AUTOMATIC", ct);
        await using var context = db.Create();
        return await context.KmsKeys.AsNoTracking().FirstAsync(k => k.Key == key.Key, ct);
    }

    /// <summary>Adds the next material version; false when another writer added it first.</summary>
    public async Task<bool> RotateAsync(long keyKey, string rotationType, CancellationToken ct)
    {
        await using var context = db.Create();
        var key = await context.KmsKeys.FirstAsync(k => k.Key == keyKey, ct);
        if (rotationType == "AUTOMATIC" && !IsRotationDue(key, Now))
        {
            return false;
        }

        var version = key.CurrentVersion + 1;
        context.KmsKeyMaterials.Add(WithKey(materials.Create(KmsKeyArns.Of(key), version, Now, rotationType), key.Key));
        key.CurrentVersion = version;
        if (key.RotationEnabled && key.RotationPeriodInDays is { } days)
        {
            key.NextRotationDate = Now.AddDays(days);
        }

        try
        {
            await context.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    /// <summary>Destroys every key past its deletion date and rotates every key whose rotation is due.</summary>
    public async Task<(int Destroyed, int Rotated)> SweepAsync(CancellationToken ct)
    {
        var now = Now;
        await using var context = db.Create();
        var destroyed = await context.KmsKeys
            .Where(k => k.KeyState == KeyStates.PendingDeletion && k.DeletionDate <= now)
            .ExecuteDeleteAsync(ct);
        var due = await context.KmsKeys.AsNoTracking()
            .Where(k => k.RotationEnabled && k.KeyState == KeyStates.Enabled && k.NextRotationDate <= now)
            .Select(k => k.Key)
            .ToListAsync(ct);
        var rotated = 0;
        foreach (var keyKey in due)
        {
            rotated += await RotateAsync(keyKey, "AUTOMATIC", ct) ? 1 : 0;
        }

        return (destroyed, rotated);
    }

    public static bool IsRotationDue(KmsKey key, DateTime now) =>
        key.RotationEnabled && key.KeyState == KeyStates.Enabled && key.NextRotationDate is { } next && next <= now;

    private async Task DestroyAsync(GitsteadDbContext context, long keyKey, CancellationToken ct)
    {
        var now = Now;
        await context.KmsKeys
            .Where(k => k.Key == keyKey && k.KeyState == KeyStates.PendingDeletion && k.DeletionDate <= now)
            .ExecuteDeleteAsync(ct);
    }

    private static KmsKeyMaterial WithKey(KmsKeyMaterial material, long keyKey)
    {
        material.KeyKey = keyKey;
        return material;
    }
}
