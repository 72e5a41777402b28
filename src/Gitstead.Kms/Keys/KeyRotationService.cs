using Gitstead.Aws;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Kms.Keys;

/// <summary>
/// Rotation of a key's material: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus,
/// RotateKeyOnDemand, ListKeyRotations. A rotation adds a material version that new ciphertext
/// uses; every older version stays, so ciphertext made before still decrypts.
/// https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
/// </summary>
public sealed class KeyRotationService
{
    public const int DefaultPeriodInDays = 365;

    private readonly IGitsteadDb _db;
    private readonly KeyAccess _access;
    private readonly KeyLifecycle _lifecycle;

    internal KeyRotationService(IGitsteadDb db, KeyAccess access, KeyLifecycle lifecycle)
    {
        _db = db;
        _access = access;
        _lifecycle = lifecycle;
    }

    /// <summary>EnableKeyRotation: every 90 to 2560 days (default 365); <c>kms:EnableKeyRotation</c>; an enabled key only.</summary>
    public async Task EnableAsync(KmsCall call, string? keyId, int? rotationPeriodInDays, CancellationToken ct)
    {
        var days = rotationPeriodInDays ?? DefaultPeriodInDays;
        if (days is < 90 or > 2560)
        {
            throw KmsErrors.Constraint("rotationPeriodInDays",
                days < 90 ? "Member must have value greater than or equal to 90" : "Member must have value less than or equal to 2560",
                days.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var reference = KeyReference.ParseKeyOnly(call.Call, keyId);
        await using var context = _db.Create();
        var key = await _access.FindAsync(context, call, reference, ct);
        await _access.AuthorizeAsync(call, "kms:EnableKeyRotation", key, ct);
        KeyStates.RequireUsable(key);

        // A changed period counts from the last rotation; turning rotation on counts from now.
        var last = await context.KmsKeyMaterials.Where(m => m.KeyKey == key.Key).MaxAsync(m => m.CreationDate, ct);
        key.NextRotationDate = (key.RotationEnabled ? last : _lifecycle.Now).AddDays(days);
        key.RotationEnabled = true;
        key.RotationPeriodInDays = days;
        await context.SaveChangesAsync(ct);
    }

    /// <summary>DisableKeyRotation: <c>kms:DisableKeyRotation</c>; an enabled key only.</summary>
    public async Task DisableAsync(KmsCall call, string? keyId, CancellationToken ct)
    {
        var reference = KeyReference.ParseKeyOnly(call.Call, keyId);
        await using var context = _db.Create();
        var key = await _access.FindAsync(context, call, reference, ct);
        await _access.AuthorizeAsync(call, "kms:DisableKeyRotation", key, ct);
        KeyStates.RequireUsable(key);
        key.RotationEnabled = false;
        key.RotationPeriodInDays = null;
        key.NextRotationDate = null;
        await context.SaveChangesAsync(ct);
    }

    /// <summary>GetKeyRotationStatus: <c>kms:GetKeyRotationStatus</c>; the period and next date while rotation is on.</summary>
    public async Task<RotationStatus> GetStatusAsync(KmsCall call, string? keyId, CancellationToken ct)
    {
        var reference = KeyReference.ParseKeyOnly(call.Call, keyId);
        await using var context = _db.Create();
        var key = await _access.FindAsync(context, call, reference, ct);
        await _access.AuthorizeAsync(call, "kms:GetKeyRotationStatus", key, ct);
        return key.RotationEnabled
            ? new RotationStatus(KmsKeyArns.Of(key), true, key.RotationPeriodInDays, key.NextRotationDate)
            : new RotationStatus(KmsKeyArns.Of(key), false, null, null);
    }

    /// <summary>RotateKeyOnDemand: a new material version now (at most 25 a key); <c>kms:RotateKeyOnDemand</c>; an enabled key only.</summary>
    public async Task<string> RotateNowAsync(KmsCall call, string? keyId, CancellationToken ct)
    {
        var reference = KeyReference.ParseKeyOnly(call.Call, keyId);
        await using var context = _db.Create();
        var key = await _access.FindAsync(context, call, reference, ct);
        await _access.AuthorizeAsync(call, "kms:RotateKeyOnDemand", key, ct);
        KeyStates.RequireUsable(key);
        var onDemand = await context.KmsKeyMaterials.CountAsync(m => m.KeyKey == key.Key && m.RotationType == "ON_DEMAND", ct);
        if (onDemand >= KeyLifecycle.MaxOnDemandRotations)
        {
            throw KmsErrors.Limit($"The key {KmsKeyArns.Of(key)} has reached the limit of {KeyLifecycle.MaxOnDemandRotations} on-demand rotations.");
        }

        if (!await _lifecycle.RotateAsync(key.Key, "ON_DEMAND", ct))
        {
            throw KmsErrors.Error("ConflictException", $"A rotation of {KmsKeyArns.Of(key)} is already in progress.");
        }

        return KmsKeyArns.Of(key);
    }

    /// <summary>ListKeyRotations: <c>kms:ListKeyRotations</c>; each completed rotation, oldest first.</summary>
    public async Task<Page<KeyRotation>> ListAsync(KmsCall call, string? keyId, PageRequest page, CancellationToken ct)
    {
        var reference = KeyReference.ParseKeyOnly(call.Call, keyId);
        await using var context = _db.Create();
        var key = await _access.FindAsync(context, call, reference, ct);
        await _access.AuthorizeAsync(call, "kms:ListKeyRotations", key, ct);
        var rotations = await context.KmsKeyMaterials.AsNoTracking()
            .Where(m => m.KeyKey == key.Key && m.RotationType != null)
            .OrderBy(m => m.Version)
            .Select(m => new { m.Version, m.CreationDate, m.RotationType })
            .ToListAsync(ct);
        var arn = KmsKeyArns.Of(key);
        return PageTokens.PageOrdered(
            rotations.Select(r => new KeyRotation(arn, r.Version, r.CreationDate, r.RotationType!)),
            r => r.Version.ToString("D10", System.Globalization.CultureInfo.InvariantCulture), page, KmsErrors.InvalidMarker);
    }
}
