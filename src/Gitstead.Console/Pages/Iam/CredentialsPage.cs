using Gitstead.Aws;
using Gitstead.Iam.AccessKeys;
using Gitstead.Iam.LoginProfiles;
using Gitstead.Iam.Policies;
using Gitstead.Iam.ServiceCredentials;
using Gitstead.Iam.SshKeys;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.Iam;

/// <summary>What the security credentials sections show; each section read on its own, so a refusal stays in it.</summary>
public sealed record CredentialsView(
    Loaded<LoginProfileInfo?>? ConsolePassword,
    Loaded<IReadOnlyList<AccessKeyInfo>> AccessKeys,
    Loaded<IReadOnlyList<SshPublicKeyInfo>>? SshKeys,
    Loaded<IReadOnlyList<ServiceCredentialInfo>>? GitCredentials,
    IReadOnlyDictionary<string, AccessKeyLastUsed> AccessKeyLastUse);

/// <summary>
/// The security credentials of one principal — a user's Security credentials tab, or My
/// security credentials — with their actions: console password, access keys, SSH public keys
/// and HTTPS Git credentials. A secret (Git password, secret access key, generated console
/// password) is shown once, in the POST response that made it; every other change redirects.
/// </summary>
public abstract class CredentialsPage : IamPage
{
    public const string CodeCommit = ServiceCredentialService.CodeCommit;
    private const string ChangePasswordPolicy = "arn:aws:iam::aws:policy/IAMUserChangePassword";

    /// <summary>The user the page is about; null on My security credentials (the caller, maybe the root).</summary>
    protected abstract string? TargetUser { get; }

    /// <summary>The page's credentials section by GET (no secret is ever on it).</summary>
    public abstract string CredentialsUrl { get; }

    /// <summary>The name of the user whose credentials these are; null for the root's own.</summary>
    public string? OwnerName => TargetUser ?? Identity!.UserName;

    /// <summary>True on the root's own page: access keys only; Git credentials and SSH keys belong to IAM users.</summary>
    public bool ForRoot => TargetUser is null && Identity!.IsRoot;

    public bool IsSelf => TargetUser is null;

    public CredentialsView? Credentials { get; private set; }

    /// <summary>A secret to show once, in this POST response only.</summary>
    public SecretDialog? Secret { get; private set; }

    /// <summary>The dialog to render open without script (<c>?confirm=ID</c>): a confirmation or a form.</summary>
    [BindProperty(SupportsGet = true, Name = "confirm")]
    public string? Confirm { get; set; }

    [BindProperty]
    public string? SshPublicKeyBody { get; set; }

    /// <summary><c>auto</c> (generated) or <c>custom</c>.</summary>
    [BindProperty]
    public string? PasswordChoice { get; set; }

    [BindProperty]
    public string? CustomPassword { get; set; }

    [BindProperty]
    public bool RequireReset { get; set; }

    /// <summary>The URL a form posts to: this page's credentials section with the handler.</summary>
    public string PostUrl(string handler) => CredentialsUrl + (CredentialsUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "handler=" + handler;

    /// <summary>The page's credentials section with a dialog open (the no-script path of <c>data-open</c>).</summary>
    public string ConfirmUrl(string dialogId) => CredentialsUrl + (CredentialsUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "confirm=" + Uri.EscapeDataString(dialogId);

    /// <summary>Reads the rest of the page and renders it (after a refused change, or with a secret).</summary>
    protected abstract Task<IActionResult> ShowAsync();

    protected async Task LoadCredentialsAsync()
    {
        var user = TargetUser;
        Loaded<LoginProfileInfo?>? password = null;
        if (!IsSelf)
        {
            password = await LoadAsync(async () =>
            {
                try
                {
                    return await Service<LoginProfileService>().GetAsync(Call, user, Aborted);
                }
                catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity")
                {
                    return null;
                }
            });
        }

        var keys = await LoadAsync(async () => (await Service<AccessKeyService>().ListAsync(Call, user, PageRequest.First(10), Aborted)).Items);
        var lastUse = new Dictionary<string, AccessKeyLastUsed>(StringComparer.Ordinal);
        foreach (var key in keys.Value ?? [])
        {
            // Its own permission (iam:GetAccessKeyLastUsed): without it the column says so, the keys still show.
            if ((await LoadAsync(() => Service<AccessKeyService>().GetLastUsedAsync(Call, key.AccessKeyId, Aborted))).Value is { } use)
            {
                lastUse[key.AccessKeyId] = use;
            }
        }

        var ssh = ForRoot ? null : await LoadAsync(async () => (await Service<SshKeyService>().ListAsync(Call, user, PageRequest.First(10), Aborted)).Items);
        var git = ForRoot ? null : await LoadAsync(async () =>
            (await Service<ServiceCredentialService>().ListAsync(Call, user, CodeCommit, false, PageRequest.First(10), Aborted)).Items);
        Credentials = new CredentialsView(password, keys, ssh, git, lastUse);
    }

    public async Task<IActionResult> OnPostGenerateGitCredentialAsync()
    {
        if (OwnerName is not { } owner)
        {
            Error = "HTTPS Git credentials belong to IAM users. Sign in as an IAM user, or create one, to generate them.";
            return await ShowAsync();
        }

        var issued = await TryAsync(() => Service<ServiceCredentialService>().CreateAsync(Call, owner, CodeCommit, null, Aborted));
        if (issued is not null)
        {
            Secret = SecretDialog.GitCredentials(owner, issued.Credential.ServiceUserName, issued.Password, CredentialsUrl, reset: false);
        }

        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostResetGitCredentialAsync(string id)
    {
        var issued = await TryAsync(() => Service<ServiceCredentialService>().ResetAsync(Call, TargetUser, id, Aborted));
        if (issued is not null)
        {
            Secret = SecretDialog.GitCredentials(OwnerName!, issued.Credential.ServiceUserName, issued.Password, CredentialsUrl, reset: true);
        }

        return await ShowAsync();
    }

    public Task<IActionResult> OnPostGitCredentialStatusAsync(string id, string status) =>
        ChangeAsync(
            () => Service<ServiceCredentialService>().UpdateStatusAsync(Call, TargetUser, id, status, Aborted),
            status == "Active" ? "The HTTPS Git credentials are active: Git accepts them again." : "The HTTPS Git credentials are inactive: Git refuses them until they are made active.");

    public Task<IActionResult> OnPostDeleteGitCredentialAsync(string id) =>
        ChangeAsync(() => Service<ServiceCredentialService>().DeleteAsync(Call, TargetUser, id, Aborted), "The HTTPS Git credentials were deleted.");

    public async Task<IActionResult> OnPostCreateAccessKeyAsync()
    {
        var key = await TryAsync(() => Service<AccessKeyService>().CreateAsync(Call, TargetUser, Aborted));
        if (key is not null)
        {
            Secret = SecretDialog.AccessKey(OwnerName, key.Key.AccessKeyId, key.SecretAccessKey, CredentialsUrl);
        }

        return await ShowAsync();
    }

    public Task<IActionResult> OnPostAccessKeyStatusAsync(string id, string status) =>
        ChangeAsync(() => Service<AccessKeyService>().UpdateAsync(Call, TargetUser, id, status, Aborted), $"Access key {id} is {status.ToLowerInvariant()}.");

    public Task<IActionResult> OnPostDeleteAccessKeyAsync(string id) =>
        ChangeAsync(() => Service<AccessKeyService>().DeleteAsync(Call, TargetUser, id, Aborted), $"Access key {id} was deleted.");

    public async Task<IActionResult> OnPostUploadSshKeyAsync()
    {
        var owner = OwnerName;
        if (owner is null || string.IsNullOrWhiteSpace(SshPublicKeyBody))
        {
            Error = owner is null ? "SSH public keys belong to IAM users." : "Paste the public key (ssh-rsa AAAA…) into the box.";
            Confirm = "upload-ssh";
            return await ShowAsync();
        }

        var key = await TryAsync(() => Service<SshKeyService>().UploadAsync(Call, owner, SshPublicKeyBody.Trim(), Aborted));
        if (key is null)
        {
            Confirm = "upload-ssh";
            return await ShowAsync();
        }

        SetFlash($"SSH public key uploaded. Its SSH key ID, {key.SshPublicKeyId}, is the user name for Git over SSH.");
        return Redirect(CredentialsUrl);
    }

    public Task<IActionResult> OnPostSshKeyStatusAsync(string id, string status) =>
        ChangeAsync(() => Service<SshKeyService>().UpdateStatusAsync(Call, OwnerName!, id, status, Aborted), $"SSH public key {id} is {status.ToLowerInvariant()}.");

    public Task<IActionResult> OnPostDeleteSshKeyAsync(string id) =>
        ChangeAsync(() => Service<SshKeyService>().DeleteAsync(Call, OwnerName!, id, Aborted), $"SSH public key {id} was deleted.");

    /// <summary>Gives the user a console password (its login profile), generated or typed.</summary>
    public Task<IActionResult> OnPostEnableConsoleAsync() =>
        SetConsolePasswordAsync("enable-console", (password, reset) => Service<LoginProfileService>().CreateAsync(Call, TargetUser!, password, reset, Aborted));

    /// <summary>Replaces the user's console password, generated or typed.</summary>
    public Task<IActionResult> OnPostResetConsolePasswordAsync() =>
        SetConsolePasswordAsync("reset-console", (password, reset) => Service<LoginProfileService>().UpdateAsync(Call, TargetUser!, password, reset, Aborted));

    public Task<IActionResult> OnPostRemoveConsolePasswordAsync() =>
        ChangeAsync(
            () => Service<LoginProfileService>().DeleteAsync(Call, TargetUser!, Aborted),
            "Console access removed: the user can no longer sign in to the console, and its open sessions have ended.");

    /// <summary>
    /// The console password chosen in a form: a typed one (checked as the model checks it), or a
    /// generated one long enough for the account's password policy when the caller may read it.
    /// </summary>
    protected async Task<string?> ChosenPasswordAsync()
    {
        if (PasswordChoice == "custom")
        {
            Error = IamNames.CheckPassword(CustomPassword);
            return Error is null ? CustomPassword : null;
        }

        var policy = await TryQuietlyAsync(() => Service<PasswordPolicyService>().GetAsync(Call, Aborted));
        return SecretDialog.NewConsolePassword(policy?.MinimumPasswordLength ?? 0);
    }

    /// <summary>
    /// As AWS's console does when a user must choose a new password at next sign-in: attaches
    /// <c>IAMUserChangePassword</c>, so the user may. Null when attached, else the refusal.
    /// </summary>
    protected async Task<string?> AllowPasswordChangeAsync(string userName)
    {
        var attached = await LoadAsync(async () =>
        {
            await Service<AttachmentService>().AttachAsync(Call, Gitstead.Iam.Common.PrincipalKind.User, userName, ChangePasswordPolicy, Aborted);
            return true;
        });
        return attached.Error;
    }

    private async Task<IActionResult> SetConsolePasswordAsync(string dialog, Func<string, bool, Task> apply)
    {
        var password = await ChosenPasswordAsync();
        if (password is null || !await TryAsync(() => apply(password, RequireReset)))
        {
            Confirm = dialog;
            return await ShowAsync();
        }

        var warning = RequireReset ? await AllowPasswordChangeAsync(TargetUser!) : null;
        if (PasswordChoice != "custom")
        {
            Secret = SecretDialog.ConsolePassword(TargetUser!, Call.AccountId, SignInUrl, password, CredentialsUrl);
            Error = warning is null ? null : "The password is set, but IAMUserChangePassword could not be attached: " + warning;
            return await ShowAsync();
        }

        SetFlash(warning is null ? "Console password set." : "Console password set, but IAMUserChangePassword could not be attached: " + warning, warning is null ? "success" : "warning");
        return Redirect(CredentialsUrl);
    }

    /// <summary>A change without a secret: redirect with a message, or show the page with the service's refusal.</summary>
    private async Task<IActionResult> ChangeAsync(Func<Task> change, string done)
    {
        if (!await TryAsync(change))
        {
            return await ShowAsync();
        }

        SetFlash(done);
        return Redirect(CredentialsUrl);
    }
}
