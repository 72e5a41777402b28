using Gitstead.Iam.LoginProfiles;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages;

/// <summary>
/// An IAM user changes its own console password (IAM's ChangePassword, through the same
/// service, so the account's password policy and <c>iam:ChangePassword</c> apply). A user whose
/// login profile requires a reset lands here after sign-in and can open nothing else first.
/// </summary>
public sealed class ChangePasswordModel(LoginProfileService profiles, PasswordPolicyService policies) : ConsolePage
{
    protected override bool AllowedDuringPasswordReset => true;

    [BindProperty]
    public string? OldPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public bool Required => Identity?.MustChangePassword == true;

    /// <summary>The account's password rules, when the caller may read them.</summary>
    public string? PolicyText { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (Identity!.IsRoot)
        {
            return Redirect("/console/iam/security-credentials");
        }

        await DescribePolicyAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (NewPassword != ConfirmPassword)
        {
            Error = "The new passwords do not match.";
        }
        else if (await TryAsync(() => profiles.ChangePasswordAsync(Call, OldPassword ?? "", NewPassword ?? "", HttpContext.RequestAborted)))
        {
            SetFlash("Your password has been changed.");
            return Redirect("/console");
        }

        await DescribePolicyAsync();
        return Page();
    }

    private async Task DescribePolicyAsync()
    {
        var policy = await TryQuietlyAsync(() => policies.GetAsync(Call, HttpContext.RequestAborted));
        if (policy is null)
        {
            return;
        }

        var rules = new List<string> { $"at least {policy.MinimumPasswordLength} characters" };
        if (policy.RequireUppercaseCharacters)
        {
            rules.Add("an uppercase letter");
        }

        if (policy.RequireLowercaseCharacters)
        {
            rules.Add("a lowercase letter");
        }

        if (policy.RequireNumbers)
        {
            rules.Add("a number");
        }

        if (policy.RequireSymbols)
        {
            rules.Add("a symbol");
        }

        PolicyText = "Passwords need " + string.Join(", ", rules) + ".";
    }
}
