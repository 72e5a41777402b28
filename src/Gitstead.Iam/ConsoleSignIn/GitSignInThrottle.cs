using System.Net;

namespace Gitstead.Iam.ConsoleSignIn;

/// <summary>The Git sign-in throttle's settings (<c>Gitstead:GitSignIn</c>).</summary>
public sealed class GitSignInOptions
{
    /// <summary>Failures of one user name within <see cref="Window"/> before it is blocked.</summary>
    public int FreeFailures { get; set; } = 10;

    /// <summary>Failures from one address within <see cref="Window"/> before it is blocked (many users may share one NAT).</summary>
    public int FreeAddressFailures { get; set; } = 30;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The first block; each further failure doubles it.</summary>
    public TimeSpan FirstBlock { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest block: short, so that whoever knows a user name cannot lock its owner out for long.</summary>
    public TimeSpan MaxBlock { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Slows guessing of Git passwords (HTTPS Git credentials and SigV4 passwords) the way the
/// console's sign-in is slowed, in the same database table so every node sees the counts:
/// after <see cref="GitSignInOptions.FreeFailures"/> failures for one user name
/// (<see cref="GitSignInOptions.FreeAddressFailures"/> from one address) within the window,
/// that name or address is refused for <see cref="GitSignInOptions.FirstBlock"/>, doubling with
/// each further failure up to <see cref="GitSignInOptions.MaxBlock"/>.
/// </summary>
public sealed class GitSignInThrottle
{
    private const string UserPrefix = "git:";
    private const string AddressPrefix = SignInThrottle.AddressPrefix + "git:";

    private readonly SignInThrottle _throttle;

    internal GitSignInThrottle(SignInThrottle throttle)
    {
        _throttle = throttle;
    }

    internal static SignInThrottleRules Rules(GitSignInOptions o) =>
        new(o.FreeFailures, o.FreeAddressFailures, o.Window, o.FirstBlock, o.MaxBlock);

    /// <summary>How long until this user name or address may try again; null when neither is blocked.</summary>
    public Task<TimeSpan?> BlockedForAsync(string userName, IPAddress? address, CancellationToken ct) =>
        _throttle.BlockedForAsync(Keys(userName, address), ct);

    /// <summary>Counts a failed Git sign-in under the user name and the address.</summary>
    public Task FailedAsync(string userName, IPAddress? address, CancellationToken ct) =>
        _throttle.FailedAsync(Keys(userName, address), ct);

    /// <summary>Forgets the user name's failures after a successful sign-in.</summary>
    public Task SucceededAsync(string userName, CancellationToken ct) =>
        _throttle.SucceededAsync(UserKey(userName), ct);

    private static string[] Keys(string userName, IPAddress? address) =>
        address is null ? [UserKey(userName)] : [UserKey(userName), AddressPrefix + address];

    /// <summary>User names compare case-insensitively in IAM; a name longer than any real one is cut to fit the key column.</summary>
    private static string UserKey(string userName)
    {
        var name = userName.ToLowerInvariant();
        return UserPrefix + (name.Length > 256 ? name[..256] : name);
    }
}
