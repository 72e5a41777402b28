using Gitstead.Iam.ConsoleSignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace Gitstead.Console.Sessions;

/// <summary>
/// Console sessions: a session-only cookie (Secure over HTTPS, HttpOnly, SameSite=Strict, path
/// <c>/console</c>) holding a Data Protection ticket that names the principal. Every request
/// re-reads the principal (<see cref="ConsoleSignInService.ResumeAsync"/>), so a deleted user
/// or a removed console password ends its sessions on every node; a session ends after the
/// idle timeout (sliding) and, however busy, the absolute timeout after sign-in.
/// </summary>
public sealed class ConsoleSessions(ConsoleSignInService signIn, TimeProvider time)
{
    public const string CookieName = "gitstead-console";

    internal void Configure(CookieAuthenticationOptions cookie, ConsoleOptions options)
    {
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.Path = "/console";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = options.IdleTimeout;
        cookie.SlidingExpiration = true;
        cookie.LoginPath = "/console/sign-in";
        cookie.LogoutPath = "/console/sign-out";
        cookie.AccessDeniedPath = "/console/sign-in";
        cookie.ReturnUrlParameter = "returnUrl";
        cookie.TimeProvider = time;
        cookie.Events.OnValidatePrincipal = context => ValidateAsync(context, options);
    }

    /// <summary>Signs a principal in: a new session cookie, not persisted beyond the browser session.</summary>
    public Task SignInAsync(HttpContext http, ConsoleIdentity identity) =>
        http.SignInAsync(ConsoleIdentity.Scheme, identity.ToPrincipal(time.GetUtcNow()), new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });

    public Task SignOutAsync(HttpContext http) => http.SignOutAsync(ConsoleIdentity.Scheme);

    private async Task ValidateAsync(CookieValidatePrincipalContext context, ConsoleOptions options)
    {
        var identity = ConsoleIdentity.FromPrincipal(context.Principal);
        var issued = context.Principal is { } principal ? ConsoleIdentity.IssuedAt(principal) : null;
        if (identity is null || issued is null || time.GetUtcNow() - issued.Value > options.AbsoluteTimeout)
        {
            await RejectAsync(context);
            return;
        }

        var session = await signIn.ResumeAsync(identity.AccountId, identity.UserId, context.HttpContext.RequestAborted);
        if (session is null)
        {
            await RejectAsync(context);
            return;
        }

        var current = identity with { AccountAlias = session.AccountAlias, MustChangePassword = session.PasswordResetRequired };
        context.HttpContext.Features.Set(new ConsoleCaller(current, session.Caller));
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(ConsoleIdentity.Scheme);
    }
}
