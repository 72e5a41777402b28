using Gitstead.Console.Sessions;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages;

/// <summary>Ends the session (POST only, with the anti-forgery token every form carries).</summary>
public sealed class SignOutModel(ConsoleSessions sessions) : ConsolePage
{
    protected override bool AllowedDuringPasswordReset => true;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await sessions.SignOutAsync(HttpContext);
        return Redirect("/console/sign-in");
    }
}
