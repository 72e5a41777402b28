using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Groups;
using Gitstead.Iam.Policies;
using Gitstead.Iam.Users;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.Iam.Groups;

/// <summary>Create group: a name, users to add, managed policies to attach — CreateGroup, AddUserToGroup, AttachGroupPolicy.</summary>
public sealed class CreateGroupModel(GroupService groups, UserService users, AttachmentService attachments) : IamPage
{
    [BindProperty]
    public string? GroupName { get; set; }

    [BindProperty]
    public string[] Users { get; set; } = [];

    [BindProperty]
    public string[] Policies { get; set; } = [];

    public string? NameError { get; private set; }

    public Loaded<IReadOnlyList<UserInfo>>? AvailableUsers { get; private set; }

    public Loaded<IReadOnlyList<PolicyInfo>>? AvailablePolicies { get; private set; }

    public async Task OnGetAsync() => await LoadChoicesAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var name = GroupName?.Trim();
        NameError = IamNames.CheckGroupName(name);
        if (NameError is null && await TryAsync(() => groups.CreateAsync(Call, name!, "/", Aborted)) is not null)
        {
            var problems = new List<string>();
            foreach (var user in Users.Where(u => u.Length > 0).Distinct(StringComparer.Ordinal))
            {
                await StepAsync(problems, () => groups.AddUserAsync(Call, name!, user, Aborted));
            }

            foreach (var arn in Policies.Where(p => p.Length > 0).Distinct(StringComparer.Ordinal))
            {
                await StepAsync(problems, () => attachments.AttachAsync(Call, PrincipalKind.Group, name!, arn, Aborted));
            }

            SetFlash(
                problems.Count == 0 ? $"Group {name} created." : $"Group {name} created, but not everything asked for was done: {string.Join(" ", problems)}",
                problems.Count == 0 ? "success" : "warning");
            return Redirect(IamLinks.Group(name!));
        }

        await LoadChoicesAsync();
        return Page();
    }

    private static async Task StepAsync(List<string> problems, Func<Task> step)
    {
        var done = await LoadAsync(async () =>
        {
            await step();
            return true;
        });
        if (done.Error is { } error)
        {
            problems.Add(error);
        }
    }

    private async Task LoadChoicesAsync()
    {
        AvailableUsers = await LoadAsync(async () => (await users.ListAsync(Call, "/", PageRequest.First(1000), Aborted)).Items);
        AvailablePolicies = await LoadAsync(AllPoliciesAsync);
    }
}
