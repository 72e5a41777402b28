using Gitstead.Aws;
using Gitstead.Console.Sessions;
using Gitstead.Iam.ConsoleSignIn;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Gitstead.Console.Pages;

/// <summary>
/// Sign-in as the account root (email, password) or as an IAM user (account id or alias,
/// user name, console password). A wrong answer of any kind gets the same message; repeated
/// failures are throttled per principal and per client address (HTTP 429 while blocked).
/// </summary>
public sealed class SignInModel(ConsoleSignInService signIn, ConsoleSessions sessions, IAuditTrail audit, IOptions<RegionOptions> regions, TimeProvider time) : PageModel
{
    public const string Generic = "Your authentication information is incorrect. Please try again.";

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Account { get; set; }

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(Name = "as", SupportsGet = true)]
    public string? As { get; set; }

    public bool AsRoot => As != "iam";

    public string? Message { get; private set; }

    public string ReturnQuery => IsLocal(ReturnUrl) ? "&returnUrl=" + Uri.EscapeDataString(ReturnUrl!) : "";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var origin = RequestOrigin.FromHttp(HttpContext, regions.Value.DefaultRegion, time);
        var ct = HttpContext.RequestAborted;
        var password = Password ?? "";
        var result = AsRoot
            ? await signIn.SignInRootAsync(Email ?? "", password, origin, ct)
            : await signIn.SignInUserAsync(Account ?? "", UserName ?? "", password, origin, ct);
        Password = null;
        await audit.RecordAsync(ConsoleLoginEvent(origin, result));
        switch (result.Status)
        {
            case ConsoleSignInStatus.Succeeded:
                var caller = result.Caller!;
                var identity = new ConsoleIdentity(caller.AccountId, caller.UserName, caller.IsRoot ? null : caller.UserId, result.AccountAlias, result.PasswordResetRequired);
                await sessions.SignInAsync(HttpContext, identity);
                return Redirect(result.PasswordResetRequired ? "/console/change-password" : IsLocal(ReturnUrl) ? ReturnUrl! : "/console");
            case ConsoleSignInStatus.Throttled:
                Message = $"Too many failed sign-in attempts. Try again in {Math.Max(1, (int)Math.Ceiling(result.RetryAfter!.Value.TotalMinutes))} minute(s).";
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = ((int)Math.Ceiling(result.RetryAfter.Value.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Page();
            default:
                Message = Generic;
                Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Page();
        }
    }

    /// <summary>
    /// CloudTrail's <c>ConsoleLogin</c> event: <c>responseElements.ConsoleLogin</c> is
    /// <c>Success</c> or <c>Failure</c>; a failure names the user only as typed, never the password.
    /// </summary>
    private AuditEvent ConsoleLoginEvent(RequestOrigin origin, ConsoleSignInResult result)
    {
        var succeeded = result.Status == ConsoleSignInStatus.Succeeded;
        var identity = succeeded
            ? AuditIdentity.Of(result.Caller!)
            : new AuditIdentity(AsRoot ? "Root" : "IAMUser", null, null, result.AttemptedAccountId, null, AsRoot ? null : UserName?.Trim());
        return new AuditEvent
        {
            EventTime = origin.Time,
            EventSource = "signin.amazonaws.com",
            EventName = "ConsoleLogin",
            EventType = "AwsConsoleSignIn",
            AwsRegion = origin.Region,
            UserIdentity = identity,
            SourceIpAddress = origin.SourceAddress,
            UserAgent = origin.UserAgent,
            ResponseElements = new System.Text.Json.Nodes.JsonObject { ["ConsoleLogin"] = succeeded ? "Success" : "Failure" },
            AdditionalEventData = new System.Text.Json.Nodes.JsonObject { ["LoginTo"] = "/console", ["MobileVersion"] = "No", ["MFAUsed"] = "No" },
            ErrorMessage = result.Status switch
            {
                ConsoleSignInStatus.Failed => "Failed authentication",
                ConsoleSignInStatus.Throttled => "Too many failed sign-in attempts",
                _ => null,
            },
        };
    }

    /// <summary>Only a path of the console itself: never another site, never <c>//host</c>.</summary>
    private static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url.StartsWith("/console", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\');
}
