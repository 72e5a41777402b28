using Gitstead.Aws;
using Gitstead.Iam.Accounts;
using Gitstead.Iam.LoginProfiles;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.Iam;

/// <summary>
/// Account settings: the account alias (which IAM users may type instead of the account id when
/// they sign in) and the password policy console passwords must satisfy.
/// </summary>
public sealed class AccountModel(AccountAliasService aliases, PasswordPolicyService passwordPolicies) : IamPage
{
    [BindProperty]
    public string? Alias { get; set; }

    public Loaded<string?>? CurrentAlias { get; private set; }

    /// <summary>The account's policy; a null value means the account uses AWS's default rules.</summary>
    public Loaded<PasswordPolicyInfo?>? PasswordPolicy { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAliasAsync()
    {
        var alias = Alias?.Trim() ?? "";
        if (alias.Length is < 3 or > 63 || !alias.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || alias.StartsWith('-') || alias.EndsWith('-') || alias.Contains("--", StringComparison.Ordinal))
        {
            Error = "The alias must be 3 to 63 characters: lowercase letters, digits and single hyphens, beginning and ending with a letter or digit.";
        }
        else if (await TryAsync(() => aliases.CreateAsync(Call, alias, Aborted)))
        {
            SetFlash($"The account alias is now {alias}. IAM users can type it instead of the account ID when they sign in.");
            return Redirect("/console/iam/account");
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAliasAsync()
    {
        if (await TryAsync(() => aliases.DeleteAsync(Call, Alias ?? "", Aborted)))
        {
            SetFlash("The account alias was deleted. IAM users sign in with the account ID.");
            return Redirect("/console/iam/account");
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        CurrentAlias = await LoadAsync(async () => (await aliases.ListAsync(Call, PageRequest.First(1), Aborted)).Items.FirstOrDefault());
        PasswordPolicy = await LoadAsync<PasswordPolicyInfo?>(async () =>
        {
            try
            {
                return await passwordPolicies.GetAsync(Call, Aborted);
            }
            catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity")
            {
                return null;
            }
        });
    }
}
