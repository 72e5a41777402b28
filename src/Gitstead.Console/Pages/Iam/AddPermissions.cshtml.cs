using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Groups;
using Gitstead.Iam.Policies;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.Iam;

/// <summary>
/// Add permissions, where AWS's setup guide sends a person ("On the Permissions tab, choose Add
/// permissions … Attach policies directly"): attach managed policies to a user or group, or add
/// a user to groups. Each choice is the API's own call (AttachUserPolicy, AddUserToGroup, …).
/// </summary>
public sealed class AddPermissionsModel(AttachmentService attachments, GroupService groups) : IamPage
{
    [BindProperty(SupportsGet = true)]
    public string Kind { get; set; } = "users";

    [BindProperty(SupportsGet = true)]
    public string Name { get; set; } = "";

    /// <summary><c>policies</c> (attach policies directly) or, for a user, <c>groups</c>.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Option { get; set; }

    public bool IsUser => Kind == "users";

    public string CurrentOption => IsUser && Option == "groups" ? "groups" : "policies";

    public PrincipalKind Principal => IsUser ? PrincipalKind.User : PrincipalKind.Group;

    public Loaded<IReadOnlyList<PolicyInfo>>? Policies { get; private set; }

    public IReadOnlySet<string> AttachedArns { get; private set; } = new HashSet<string>();

    public Loaded<IReadOnlyList<GroupInfo>>? Groups { get; private set; }

    public IReadOnlySet<string> MemberOf { get; private set; } = new HashSet<string>();

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAttachAsync(string[] policies)
    {
        var chosen = policies.Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (chosen.Count == 0)
        {
            Error = "Choose at least one policy.";
        }
        else if (await AllAsync(chosen, arn => attachments.AttachAsync(Call, Principal, Name, arn, Aborted)))
        {
            SetFlash(chosen.Count == 1 ? $"Policy {chosen[0][(chosen[0].LastIndexOf('/') + 1)..]} attached to {Name}." : $"{chosen.Count} policies attached to {Name}.");
            return Redirect(IamLinks.Principal(Kind, Name, "permissions"));
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostGroupsAsync(string[] chosenGroups)
    {
        Option = "groups";
        var chosen = chosenGroups.Where(g => g.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (!IsUser || chosen.Count == 0)
        {
            Error = "Choose at least one group.";
        }
        else if (await AllAsync(chosen, group => groups.AddUserAsync(Call, group, Name, Aborted)))
        {
            SetFlash($"{Name} added to {string.Join(", ", chosen)}.");
            return Redirect(IamLinks.User(Name, "groups"));
        }

        await LoadAsync();
        return Page();
    }

    /// <summary>Runs the call for each choice, stopping at the first refusal (shown with AWS's sentence).</summary>
    private async Task<bool> AllAsync(IEnumerable<string> choices, Func<string, Task> call)
    {
        foreach (var choice in choices)
        {
            if (!await TryAsync(() => call(choice)))
            {
                return false;
            }
        }

        return true;
    }

    private async Task LoadAsync()
    {
        if (CurrentOption == "groups")
        {
            Groups = await LoadAsync(async () => (await groups.ListAsync(Call, "/", PageRequest.First(1000), Aborted)).Items);
            var member = await TryQuietlyAsync(() => groups.ListForUserAsync(Call, Name, PageRequest.First(100), Aborted));
            MemberOf = member?.Items.Select(g => g.GroupName).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
            return;
        }

        Policies = await LoadAsync(AllPoliciesAsync);
        var attached = await TryQuietlyAsync(() => attachments.ListAsync(Call, Principal, Name, "/", PageRequest.First(100), Aborted));
        AttachedArns = attached?.Items.Select(a => a.PolicyArn).ToHashSet(StringComparer.Ordinal) ?? [];
    }
}
