using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Groups;
using Gitstead.Iam.Policies;
using Gitstead.Iam.Users;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.Iam.Users;

/// <summary>
/// A user's page, as the IAM console lays it out: a summary, then tabs — Permissions (attached
/// managed policies and inline policies), Groups, and Security credentials (console password,
/// access keys, SSH keys, HTTPS Git credentials). Each part is read with the user's own call,
/// so a refusal shows AWS's sentence in that part only.
/// </summary>
public sealed class UserDetailsModel : CredentialsPage
{
    public static readonly (string Id, string Label)[] Tabs = [("permissions", "Permissions"), ("groups", "Groups"), ("security_credentials", "Security credentials")];

    [BindProperty(SupportsGet = true)]
    public string Name { get; set; } = "";

    [BindProperty(SupportsGet = true, Name = "tab")]
    public string? Tab { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    public string CurrentTab => Tabs.Any(t => t.Id == Tab) ? Tab! : "permissions";

    public Loaded<UserIdentity>? Subject { get; private set; }

    public Loaded<IReadOnlyList<AttachedPolicyInfo>>? Attached { get; private set; }

    public Loaded<IReadOnlyList<string>>? Inline { get; private set; }

    public Loaded<IReadOnlyList<GroupInfo>>? Groups { get; private set; }

    /// <summary>The account's groups the user is not in, for adding (Groups tab).</summary>
    public Loaded<IReadOnlyList<GroupInfo>>? OtherGroups { get; private set; }

    /// <summary>What blocks the delete, in plain words (after a DeleteConflict).</summary>
    public string? DeleteExplanation { get; private set; }

    protected override string? TargetUser => Name;

    public override string CredentialsUrl => IamLinks.User(Name, "security_credentials");

    public string TabUrl(string tab) => IamLinks.User(Name, tab);

    /// <summary>A form's action on this page, on the current tab.</summary>
    public string ActionUrl(string handler, string? tab = null) => $"{IamLinks.User(Name, tab ?? CurrentTab)}&handler={handler}";

    public async Task<IActionResult> OnGetAsync() => await ShowAsync();

    public async Task<IActionResult> OnPostDetachPolicyAsync(string arn) =>
        await ChangeAsync(() => Service<AttachmentService>().DetachAsync(Call, PrincipalKind.User, Name, arn, Aborted), $"Policy {PolicyName(arn)} detached.", "permissions");

    public async Task<IActionResult> OnPostDeleteInlinePolicyAsync(string policy) =>
        await ChangeAsync(() => Service<InlinePolicyService>().DeleteAsync(Call, PrincipalKind.User, Name, policy, Aborted), $"Inline policy {policy} deleted.", "permissions");

    public async Task<IActionResult> OnPostRemoveFromGroupAsync(string group) =>
        await ChangeAsync(() => Service<GroupService>().RemoveUserAsync(Call, group, Name, Aborted), $"{Name} removed from group {group}.", "groups");

    public async Task<IActionResult> OnPostAddToGroupsAsync(string[] groups)
    {
        Tab = "groups";
        if (groups.Length == 0)
        {
            Error = "Choose at least one group.";
            return await ShowAsync();
        }

        foreach (var group in groups)
        {
            if (!await TryAsync(() => Service<GroupService>().AddUserAsync(Call, group, Name, Aborted)))
            {
                return await ShowAsync();
            }
        }

        SetFlash($"{Name} added to {string.Join(", ", groups)}.");
        return Redirect(TabUrl("groups"));
    }

    public async Task<IActionResult> OnPostDeleteUserAsync()
    {
        if (!string.Equals(Confirmation?.Trim(), Name, StringComparison.Ordinal))
        {
            Error = $"To delete the user, type its name, {Name}, in the confirmation field.";
            Confirm = "delete-user";
            return await ShowAsync();
        }

        var result = await UserDeletion.RunAsync(Service<UserService>(), Call, Name, Aborted);
        if (result.Deleted)
        {
            SetFlash($"User {Name} deleted.");
            return Redirect(IamLinks.Users);
        }

        Error = result.Error;
        DeleteExplanation = result.Explanation;
        return await ShowAsync();
    }

    protected override async Task<IActionResult> ShowAsync()
    {
        Subject = await LoadAsync(() => Service<UserService>().GetAsync(Call, Name, Aborted));
        if (Subject.Error?.Contains("cannot be found", StringComparison.Ordinal) == true)
        {
            Response.StatusCode = 404;
        }

        switch (CurrentTab)
        {
            case "groups":
                Groups = await LoadAsync(async () => (await Service<GroupService>().ListForUserAsync(Call, Name, PageRequest.First(100), Aborted)).Items);
                OtherGroups = await LoadAsync(async () =>
                {
                    var all = (await Service<GroupService>().ListAsync(Call, "/", PageRequest.First(1000), Aborted)).Items;
                    var member = Groups.Value?.Select(g => g.GroupName).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
                    return (IReadOnlyList<GroupInfo>)all.Where(g => !member.Contains(g.GroupName)).ToList();
                });
                break;
            case "security_credentials":
                await LoadCredentialsAsync();
                break;
            default:
                Attached = await LoadAsync(async () => (await Service<AttachmentService>().ListAsync(Call, PrincipalKind.User, Name, "/", PageRequest.First(100), Aborted)).Items);
                Inline = await LoadAsync(async () => (await Service<InlinePolicyService>().ListAsync(Call, PrincipalKind.User, Name, PageRequest.First(100), Aborted)).Items);
                break;
        }

        return Page();
    }

    private static string PolicyName(string arn) => arn[(arn.LastIndexOf('/') + 1)..];

    private async Task<IActionResult> ChangeAsync(Func<Task> change, string done, string tab)
    {
        Tab = tab;
        if (!await TryAsync(change))
        {
            return await ShowAsync();
        }

        SetFlash(done);
        return Redirect(TabUrl(tab));
    }
}
