using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.ConsoleSignIn;

/// <summary>How a console sign-in ended.</summary>
public enum ConsoleSignInStatus
{
    Succeeded,

    /// <summary>Wrong account, user name, email or password: one answer for all, so none can be told apart.</summary>
    Failed,

    /// <summary>Too many failures for this user or from this address; nothing was checked.</summary>
    Throttled,
}

/// <summary>The outcome of a sign-in; on success, the principal and whether its password must be changed first.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Caller">The principal signed in.</param>
/// <param name="AccountAlias">Its account's alias.</param>
/// <param name="PasswordResetRequired">True when the password must be changed first.</param>
/// <param name="RetryAfter">When throttled, how long to wait.</param>
/// <param name="AttemptedAccountId">
/// On failure, for the audit record only (never shown to the client): the account the attempt
/// was against, when it names one that exists, so its owner sees the failure in its trail.
/// </param>
public sealed record ConsoleSignInResult(
    ConsoleSignInStatus Status,
    Caller? Caller = null,
    string? AccountAlias = null,
    bool PasswordResetRequired = false,
    TimeSpan? RetryAfter = null,
    string? AttemptedAccountId = null);

/// <summary>
/// Console sign-in: the account root with its email and password, or an IAM user with the
/// account (id or alias), its name and the password of its login profile. Passwords are
/// checked against their PBKDF2 hashes (a dummy hash when there is no such principal, so a
/// miss takes as long as a wrong password); failures are throttled per principal and per
/// client address (<see cref="SignInThrottle"/>). Sessions are resumed by re-reading the
/// principal on every request, so a deleted user or a removed console password ends them.
/// </summary>
public sealed class ConsoleSignInService
{
    private static readonly string DummyHash = PasswordHashing.Hash("not a password of anyone");

    private readonly IGitsteadDb _db;
    private readonly SignInThrottle _throttle;

    internal ConsoleSignInService(IGitsteadDb db, SignInThrottle throttle)
    {
        _db = db;
        _throttle = throttle;
    }

    /// <summary>Signs in the root of the account whose root email is <paramref name="email"/> (case-insensitive).</summary>
    public async Task<ConsoleSignInResult> SignInRootAsync(string email, string password, RequestOrigin origin, CancellationToken ct)
    {
        var keys = Keys($"root:{email.Trim().ToLowerInvariant()}", origin);
        if (await _throttle.BlockedForAsync(keys, ct) is { } wait)
        {
            return new ConsoleSignInResult(ConsoleSignInStatus.Throttled, RetryAfter: wait);
        }

        await using var context = _db.Create();
        var normalized = email.Trim().ToLowerInvariant();
        var accounts = await context.Accounts.AsNoTracking()
            .Where(a => a.RootEmail.ToLower() == normalized)
            .Select(a => new { a.Id, a.RootPasswordHash, a.Alias, a.PolicyGeneration })
            .Take(5)
            .ToListAsync(ct);
        var match = accounts.FirstOrDefault(a => PasswordHashing.Verify(password, a.RootPasswordHash));
        if (accounts.Count == 0)
        {
            PasswordHashing.Verify(password, DummyHash);
        }

        if (match is null)
        {
            await _throttle.FailedAsync(keys, ct);
            return new ConsoleSignInResult(ConsoleSignInStatus.Failed, AttemptedAccountId: accounts.Count == 1 ? accounts[0].Id : null);
        }

        await _throttle.SucceededAsync(keys[0], ct);
        return new ConsoleSignInResult(ConsoleSignInStatus.Succeeded, Caller.Root(match.Id) with { PolicyGeneration = match.PolicyGeneration }, match.Alias);
    }

    /// <summary>Signs in an IAM user of the account named by its 12-digit id (dashes allowed) or its alias.</summary>
    public async Task<ConsoleSignInResult> SignInUserAsync(string account, string userName, string password, RequestOrigin origin, CancellationToken ct)
    {
        // An account id may be typed with dashes (1234-5678-9012); an alias keeps its hyphens.
        var typed = account.Trim().ToLowerInvariant();
        var accountId = typed.Replace("-", "", StringComparison.Ordinal);
        var accountKey = Arns.IsAccountId(accountId) ? accountId : typed;
        var keys = Keys($"user:{accountKey}:{IamPatterns.NameKey(userName.Trim())}", origin);
        if (await _throttle.BlockedForAsync(keys, ct) is { } wait)
        {
            return new ConsoleSignInResult(ConsoleSignInStatus.Throttled, RetryAfter: wait);
        }

        await using var context = _db.Create();
        var nameKey = IamPatterns.NameKey(userName.Trim());
        var found = await (
            from a in context.Accounts.AsNoTracking()
            where a.Id == accountId || a.Alias == typed
            join u in context.Users on a.Id equals u.AccountId
            where u.NameKey == nameKey
            join p in context.LoginProfiles on u.Key equals p.UserKey
            select new { a.Id, a.Alias, a.PolicyGeneration, u.Key, u.UserId, u.UserName, u.Path, p.PasswordHash, p.PasswordResetRequired })
            .FirstOrDefaultAsync(ct);
        var valid = PasswordHashing.Verify(password, found?.PasswordHash ?? DummyHash) && found is not null;
        if (!valid)
        {
            await _throttle.FailedAsync(keys, ct);
            var attempted = found?.Id ?? (Arns.IsAccountId(accountId) && await context.Accounts.AnyAsync(a => a.Id == accountId, ct) ? accountId : null);
            return new ConsoleSignInResult(ConsoleSignInStatus.Failed, AttemptedAccountId: attempted);
        }

        await _throttle.SucceededAsync(keys[0], ct);
        var caller = Caller.User(found!.Id, found.Path, found.UserName, found.UserId, found.Key) with { PolicyGeneration = found.PolicyGeneration };
        return new ConsoleSignInResult(ConsoleSignInStatus.Succeeded, caller, found.Alias, found.PasswordResetRequired);
    }

    /// <summary>
    /// The principal of a session, read afresh: the root of an existing account, or the user
    /// with that unique id that still has a console password; null when the session no longer
    /// has a principal. One query; it also reads the account's policy generation.
    /// </summary>
    public async Task<ConsoleSession?> ResumeAsync(string accountId, string? userId, CancellationToken ct)
    {
        await using var context = _db.Create();
        if (userId is null)
        {
            var account = await context.Accounts.AsNoTracking().Where(a => a.Id == accountId)
                .Select(a => new { a.Alias, a.PolicyGeneration }).FirstOrDefaultAsync(ct);
            return account is null ? null : new ConsoleSession(Caller.Root(accountId) with { PolicyGeneration = account.PolicyGeneration }, account.Alias, false);
        }

        var user = await (
            from u in context.Users.AsNoTracking()
            where u.AccountId == accountId && u.UserId == userId
            join a in context.Accounts on u.AccountId equals a.Id
            join p in context.LoginProfiles on u.Key equals p.UserKey
            select new { u.Key, u.UserName, u.Path, a.Alias, a.PolicyGeneration, p.PasswordResetRequired })
            .FirstOrDefaultAsync(ct);
        return user is null
            ? null
            : new ConsoleSession(Caller.User(accountId, user.Path, user.UserName, userId, user.Key) with { PolicyGeneration = user.PolicyGeneration }, user.Alias, user.PasswordResetRequired);
    }

    private static string[] Keys(string principalKey, RequestOrigin origin) =>
        origin.SourceAddress is { } address ? [principalKey, SignInThrottle.AddressPrefix + address] : [principalKey];
}

/// <summary>A session's principal as it is now: the caller, the account alias, and whether its password must be changed.</summary>
public sealed record ConsoleSession(Caller Caller, string? AccountAlias, bool PasswordResetRequired);
