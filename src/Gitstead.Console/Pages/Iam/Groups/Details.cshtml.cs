using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Groups;
using Gitstead.Iam.Policies;
using Gitstead.Iam.Users;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.Iam.Groups;

/// <summary>A group's page: its users (add, remove) and permissions (attached and inline policies), and delete.</summary>
public sealed class GroupDetailsModel(GroupService groups, UserService users, AttachmentService attachments, InlinePolicyService inline) : IamPage
{
    public static readonly (string Id, string Label)[] Tabs = [("users", "Users"), ("permissions", "Permissions")];

    [BindProperty(SupportsGet = true)]
    public string Name { get; set; } = "";

    [BindProperty(SupportsGet = true, Name = "tab")]
    public string? Tab { get; set; }

    [BindProperty(SupportsGet = true, Name = "confirm")]
    public string? Confirm { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    public string CurrentTab => Tabs.Any(t => t.Id == Tab) ? Tab! : "users";

    public Loaded<GroupDetails>? Group { get; private set; }

    public Loaded<IReadOnlyList<UserInfo>>? OtherUsers { get; private set; }

    public Loaded<IReadOnlyList<AttachedPolicyInfo>>? Attached { get; private set; }

    public Loaded<IReadOnlyList<string>>? Inline { get; private set; }

    public string? DeleteExplanation { get; private set; }

    public string TabUrl(string tab) => IamLinks.Group(Name, tab);

    public string ActionUrl(string handler, string? tab = null) => $"{IamLinks.Group(Name, tab ?? CurrentTab)}&handler={handler}";

    public async Task<IActionResult> OnGetAsync() => await ShowAsync();

    public Task<IActionResult> OnPostRemoveUserAsync(string user) =>
        ChangeAsync(() => groups.RemoveUserAsync(Call, Name, user, Aborted), $"{user} removed from {Name}.", "users");

    public async Task<IActionResult> OnPostAddUsersAsync(string[] chosen)
    {
        Tab = "users";
        foreach (var user in chosen.Where(u => u.Length > 0))
        {
            if (!await TryAsync(() => groups.AddUserAsync(Call, Name, user, Aborted)))
            {
                return await ShowAsync();
            }
        }

        SetFlash(chosen.Length == 0 ? "No user chosen." : $"Added {string.Join(", ", chosen)} to {Name}.", chosen.Length == 0 ? "info" : "success");
        return Redirect(TabUrl("users"));
    }

    public Task<IActionResult> OnPostDetachPolicyAsync(string arn) =>
        ChangeAsync(() => attachments.DetachAsync(Call, PrincipalKind.Group, Name, arn, Aborted), "Policy detached.", "permissions");

    public Task<IActionResult> OnPostDeleteInlinePolicyAsync(string policy) =>
        ChangeAsync(() => inline.DeleteAsync(Call, PrincipalKind.Group, Name, policy, Aborted), $"Inline policy {policy} deleted.", "permissions");

    public async Task<IActionResult> OnPostDeleteGroupAsync()
    {
        if (!string.Equals(Confirmation?.Trim(), Name, StringComparison.Ordinal))
        {
            Error = $"To delete the group, type its name, {Name}, in the confirmation field.";
            Confirm = "delete-group";
            return await ShowAsync();
        }

        try
        {
            await groups.DeleteAsync(Call, Name, Aborted);
            SetFlash($"Group {Name} deleted.");
            return Redirect(IamLinks.Groups);
        }
        catch (AccessDeniedException ex)
        {
            Error = ex.Message;
        }
        catch (AwsServiceException ex)
        {
            Error = ex.Message;
            DeleteExplanation = ex.Code == "DeleteConflict" ? DeleteConflicts.Explain(ex.Message, isGroup: true) : null;
        }

        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        Group = await LoadAsync(() => groups.GetAsync(Call, Name, PageRequest.First(1000), Aborted));
        if (CurrentTab == "permissions")
        {
            Attached = await LoadAsync(async () => (await attachments.ListAsync(Call, PrincipalKind.Group, Name, "/", PageRequest.First(100), Aborted)).Items);
            Inline = await LoadAsync(async () => (await inline.ListAsync(Call, PrincipalKind.Group, Name, PageRequest.First(100), Aborted)).Items);
        }
        else
        {
            OtherUsers = await LoadAsync(async () =>
            {
                var members = Group.Value?.Users.Items.Select(u => u.UserName).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
                var all = (await users.ListAsync(Call, "/", PageRequest.First(1000), Aborted)).Items;
                return (IReadOnlyList<UserInfo>)all.Where(u => !members.Contains(u.UserName)).ToList();
            });
        }

        return Page();
    }

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
