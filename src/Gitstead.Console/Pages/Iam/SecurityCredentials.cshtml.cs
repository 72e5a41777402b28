using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.Iam;

/// <summary>
/// My security credentials: the signed-in principal's own credentials. For an IAM user what its
/// policies allow on itself (IAMSelfManageServiceSpecificCredentials, IAMUserSSHKeys,
/// IAMUserChangePassword …): the services act on the caller when no user is named. For the
/// root: its access keys, and a note that Git credentials belong to IAM users.
/// </summary>
public sealed class SecurityCredentialsModel : CredentialsPage
{
    protected override string? TargetUser => null;

    public override string CredentialsUrl => IamLinks.MySecurityCredentials;

    public async Task<IActionResult> OnGetAsync() => await ShowAsync();

    protected override async Task<IActionResult> ShowAsync()
    {
        await LoadCredentialsAsync();
        return Page();
    }
}
