using System.Security.Claims;
using Gitstead.Aws;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gitstead.Console.Sessions;

/// <summary>
/// The principal a console session belongs to, as its cookie names it: the account root or an
/// IAM user (by its unique id, so a user deleted and created again under the same name does not
/// inherit the session). The cookie is a Data Protection ticket, so none of this can be forged.
/// </summary>
public sealed record ConsoleIdentity(string AccountId, string? UserName, string? UserId, string? AccountAlias, bool MustChangePassword)
{
    public const string Scheme = "GitsteadConsole";

    private const string AccountClaim = "gitstead:account";
    private const string UserNameClaim = "gitstead:user";
    private const string UserIdClaim = "gitstead:userid";
    private const string AliasClaim = "gitstead:alias";
    private const string ResetClaim = "gitstead:reset";
    private const string IssuedClaim = "gitstead:issued";

    public bool IsRoot => UserName is null;

    /// <summary>What the header shows: <c>bob @ 1234-5678-9012</c>, or <c>Root user @ …</c>.</summary>
    public string Display => $"{UserName ?? "Root user"} @ {AccountAlias ?? AccountIdFormatted}";

    public string AccountIdFormatted => AccountId.Length == 12 ? $"{AccountId[..4]}-{AccountId[4..8]}-{AccountId[8..]}" : AccountId;

    /// <summary>The principal's ARN as the session knows it (the path is known once the caller is resolved).</summary>
    public string Arn { get; init; } = UserName is null ? Arns.Root(AccountId) : Arns.User(AccountId, "/", UserName);

    public ClaimsPrincipal ToPrincipal(DateTimeOffset issued)
    {
        var claims = new List<Claim>
        {
            new(AccountClaim, AccountId),
            new(IssuedClaim, issued.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (UserName is not null)
        {
            claims.Add(new Claim(UserNameClaim, UserName));
            claims.Add(new Claim(UserIdClaim, UserId!));
        }

        if (AccountAlias is not null)
        {
            claims.Add(new Claim(AliasClaim, AccountAlias));
        }

        if (MustChangePassword)
        {
            claims.Add(new Claim(ResetClaim, "1"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    /// <summary>The identity of a session ticket, or null when the ticket is not one of ours.</summary>
    public static ConsoleIdentity? FromPrincipal(ClaimsPrincipal? principal)
    {
        var account = principal?.FindFirst(AccountClaim)?.Value;
        if (account is null)
        {
            return null;
        }

        var userName = principal!.FindFirst(UserNameClaim)?.Value;
        var userId = principal.FindFirst(UserIdClaim)?.Value;
        return new ConsoleIdentity(account, userName, userId, principal.FindFirst(AliasClaim)?.Value, principal.HasClaim(ResetClaim, "1"));
    }

    /// <summary>When the session was signed in (for the absolute expiry).</summary>
    public static DateTimeOffset? IssuedAt(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirst(IssuedClaim)?.Value, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}

/// <summary>
/// The signed-in principal of this request, resolved afresh from the store (so a deleted user
/// or a removed console password ends the session on every node), kept as a request feature.
/// </summary>
public sealed class ConsoleCaller(ConsoleIdentity identity, Caller caller)
{
    public ConsoleIdentity Identity { get; } = identity with { Arn = caller.Arn };

    public Caller Caller { get; } = caller;

    public CallContext CallFor(HttpContext http, string region) =>
        new(Caller, RequestOrigin.FromHttp(http, region, http.RequestServices.GetRequiredService<TimeProvider>()));
}
