using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.ConsoleSignIn;

/// <summary>
/// Slows guessing of console passwords: failures are counted per key (the user, and the
/// client address) in the database, so every node sees them. After <see cref="FreeFailures"/>
/// failures of one user within <see cref="Window"/> (<see cref="FreeAddressFailures"/> from one
/// address, which a whole office behind one NAT may share), a key is blocked for 30 seconds,
/// doubling with each further failure up to <see cref="MaxBlock"/>; a success clears the user's
/// count.
/// </summary>
internal sealed class SignInThrottle(IGitsteadDb db, TimeProvider time, SignInThrottleRules? rules = null)
{
    public const int FreeFailures = 5;
    public const int FreeAddressFailures = 20;
    public const string AddressPrefix = "ip:";
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan FirstBlock = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxBlock = TimeSpan.FromMinutes(15);

    private readonly SignInThrottleRules _rules = rules ?? SignInThrottleRules.Console;

    /// <summary>How long until any of <paramref name="keys"/> may try again; null when none is blocked.</summary>
    public async Task<TimeSpan?> BlockedForAsync(IReadOnlyList<string> keys, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var context = db.Create();
        var until = await context.SignInFailures.AsNoTracking()
            .Where(t => keys.Contains(t.Key) && t.BlockedUntil != null && t.BlockedUntil > now)
            .MaxAsync(t => t.BlockedUntil, ct);
        return until is { } blocked ? blocked - now : null;
    }

    /// <summary>Counts a failure under each key, blocking those past the free failures.</summary>
    public async Task FailedAsync(IReadOnlyList<string> keys, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var key in keys)
        {
            await CountAsync(key, now, ct);
        }
    }

    /// <summary>Forgets the failures of <paramref name="key"/> (the user's, after a success).</summary>
    public async Task SucceededAsync(string key, CancellationToken ct)
    {
        await using var context = db.Create();
        await context.SignInFailures.Where(t => t.Key == key).ExecuteDeleteAsync(ct);
    }

    private async Task CountAsync(string key, DateTime now, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var context = db.Create();
            var row = await context.SignInFailures.FirstOrDefaultAsync(t => t.Key == key, ct);
            if (row is null)
            {
                row = new SignInFailures { Key = key, WindowStart = now };
                context.SignInFailures.Add(row);
            }
            else if (now - row.WindowStart > _rules.Window && (row.BlockedUntil is null || row.BlockedUntil <= now))
            {
                (row.Failures, row.WindowStart, row.BlockedUntil) = (0, now, null);
            }

            row.Failures++;
            var limits = _rules;
            var free = key.StartsWith(AddressPrefix, StringComparison.Ordinal) ? limits.FreeAddressFailures : limits.FreeFailures;
            if (row.Failures >= free)
            {
                var doublings = Math.Min(row.Failures - free, 10);
                var block = TimeSpan.FromTicks(Math.Min(limits.FirstBlock.Ticks << doublings, limits.MaxBlock.Ticks));
                row.BlockedUntil = now + block;
            }

            try
            {
                await context.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException)
            {
                // Another node counted the same key at the same moment: count again on its row.
            }
        }
    }
}

/// <summary>How many failures are free within a window, per user and per address, and how blocks grow.</summary>
internal sealed record SignInThrottleRules(int FreeFailures, int FreeAddressFailures, TimeSpan Window, TimeSpan FirstBlock, TimeSpan MaxBlock)
{
    /// <summary>The console's: five tries per user, twenty per address, blocks from 30 seconds to 15 minutes.</summary>
    public static SignInThrottleRules Console { get; } = new(
        SignInThrottle.FreeFailures, SignInThrottle.FreeAddressFailures, SignInThrottle.Window, SignInThrottle.FirstBlock, SignInThrottle.MaxBlock);
}
