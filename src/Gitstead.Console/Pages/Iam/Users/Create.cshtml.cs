using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Groups;
using Gitstead.Iam.LoginProfiles;
using Gitstead.Iam.Policies;
using Gitstead.Iam.Users;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.Iam.Users;

/// <summary>
/// Create user, as AWS's console does it in one go: the user, optionally a console password
/// (typed, or generated and shown once) with "must create a new password at next sign-in"
/// (which attaches IAMUserChangePassword), managed policies and groups. Each step is the API's
/// own call; a step refused after the user exists is reported on the result, not undone.
/// </summary>
public sealed class CreateUserModel(UserService users, LoginProfileService profiles, AttachmentService attachments, GroupService groups) : IamPage
{
    public const string ChangePasswordPolicy = "arn:aws:iam::aws:policy/IAMUserChangePassword";

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public bool ConsoleAccess { get; set; }

    /// <summary><c>auto</c> (generated, shown once) or <c>custom</c>.</summary>
    [BindProperty]
    public string PasswordChoice { get; set; } = "auto";

    [BindProperty]
    public string? CustomPassword { get; set; }

    [BindProperty]
    public bool RequireReset { get; set; } = true;

    [BindProperty]
    public string[] Policies { get; set; } = [];

    [BindProperty]
    public string[] Groups { get; set; } = [];

    public string? NameError { get; private set; }

    public Loaded<IReadOnlyList<PolicyInfo>>? AvailablePolicies { get; private set; }

    public Loaded<IReadOnlyList<GroupInfo>>? AvailableGroups { get; private set; }

    /// <summary>The user just created (the result view).</summary>
    public UserInfo? Created { get; private set; }

    /// <summary>The generated console password, shown once on the result.</summary>
    public SecretDialog? Secret { get; private set; }

    /// <summary>Steps refused after the user was created, each with the service's sentence.</summary>
    public List<string> Problems { get; } = [];

    public async Task OnGetAsync() => await LoadChoicesAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var name = UserName?.Trim();
        NameError = IamNames.CheckUserName(name);
        var password = !ConsoleAccess ? null : PasswordChoice == "custom" ? CustomPassword : await GeneratedPasswordAsync();
        if (ConsoleAccess && PasswordChoice == "custom" && IamNames.CheckPassword(CustomPassword) is { } passwordError)
        {
            Error = passwordError;
        }

        if (NameError is not null || Error is not null)
        {
            await LoadChoicesAsync();
            return Page();
        }

        Created = await TryAsync(() => users.CreateAsync(Call, new NewUser(name!, "/", null, []), Aborted));
        if (Created is null)
        {
            await LoadChoicesAsync();
            return Page();
        }

        await GrantAsync(name!, password);
        if (Secret is null && Problems.Count == 0 && !ConsoleAccess)
        {
            SetFlash($"User {name} created.");
            return Redirect(IamLinks.User(name!));
        }

        return Page();
    }

    /// <summary>The console password, policies and groups of the new user; each refusal is recorded, the rest still done.</summary>
    private async Task GrantAsync(string name, string? password)
    {
        if (password is not null)
        {
            if (await StepAsync(() => profiles.CreateAsync(Call, name, password, RequireReset, Aborted)) && PasswordChoice != "custom")
            {
                Secret = SecretDialog.ConsolePassword(name, Call.AccountId, SignInUrl, password, IamLinks.User(name, "security_credentials"));
            }
        }

        var arns = Policies.Where(p => p.Length > 0).ToList();
        if (ConsoleAccess && RequireReset && !arns.Contains(ChangePasswordPolicy))
        {
            arns.Insert(0, ChangePasswordPolicy);
        }

        foreach (var arn in arns.Distinct(StringComparer.Ordinal))
        {
            await StepAsync(() => attachments.AttachAsync(Call, PrincipalKind.User, name, arn, Aborted));
        }

        foreach (var group in Groups.Where(g => g.Length > 0).Distinct(StringComparer.Ordinal))
        {
            await StepAsync(() => groups.AddUserAsync(Call, group, name, Aborted));
        }
    }

    private async Task<bool> StepAsync(Func<Task> step)
    {
        var done = await LoadAsync(async () =>
        {
            await step();
            return true;
        });
        if (done.Error is { } error)
        {
            Problems.Add(error);
        }

        return done.Ok;
    }

    private async Task<string> GeneratedPasswordAsync()
    {
        var policy = await TryQuietlyAsync(() => Service<PasswordPolicyService>().GetAsync(Call, Aborted));
        return SecretDialog.NewConsolePassword(policy?.MinimumPasswordLength ?? 0);
    }

    private async Task LoadChoicesAsync()
    {
        AvailablePolicies = await LoadAsync(AllPoliciesAsync);
        AvailableGroups = await LoadAsync(async () => (await groups.ListAsync(Call, "/", PageRequest.First(1000), Aborted)).Items);
    }
}
