using Gitstead.Aws;
using Gitstead.Iam.Policies;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.Iam.Policies;

/// <summary>
/// A managed policy: its summary, the JSON of its default version, the users and groups it is
/// attached to, and its versions; a customer managed policy can be deleted here.
/// </summary>
public sealed class PolicyDetailsModel(ManagedPolicyService policies, PolicyVersionService versions, PolicyListService lists) : IamPage
{
    public static readonly (string Id, string Label)[] Tabs = [("permissions", "Permissions"), ("entities", "Entities attached"), ("versions", "Policy versions")];

    [BindProperty(SupportsGet = true, Name = "arn")]
    public string Arn { get; set; } = "";

    [BindProperty(SupportsGet = true, Name = "tab")]
    public string? Tab { get; set; }

    [BindProperty(SupportsGet = true, Name = "confirm")]
    public string? Confirm { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    public string CurrentTab => Tabs.Any(t => t.Id == Tab) ? Tab! : "permissions";

    public bool IsAwsManaged => IamFormat.IsAwsManaged(Arn);

    public string Name => Arn[(Arn.LastIndexOf('/') + 1)..];

    public Loaded<PolicyInfo>? Policy { get; private set; }

    public Loaded<string>? Document { get; private set; }

    public Loaded<Page<PolicyEntityInfo>>? Entities { get; private set; }

    public Loaded<Page<PolicyVersionInfo>>? Versions { get; private set; }

    public string TabUrl(string tab) => IamLinks.Policy(Arn, tab);

    public async Task<IActionResult> OnGetAsync() => await ShowAsync();

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (!string.Equals(Confirmation?.Trim(), Name, StringComparison.Ordinal))
        {
            Error = $"To delete the policy, type its name, {Name}, in the confirmation field.";
            Confirm = "delete-policy";
        }
        else if (await TryAsync(() => policies.DeleteAsync(Call, Arn, Aborted)))
        {
            SetFlash($"Policy {Name} deleted.");
            return Redirect(IamLinks.Policies);
        }

        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        Policy = await LoadAsync(() => policies.GetAsync(Call, Arn, Aborted));
        switch (CurrentTab)
        {
            case "entities":
                Entities = await LoadAsync(() => lists.ListEntitiesAsync(Call, Arn, null, "/", null, PageRequest.First(1000), Aborted));
                break;
            case "versions":
                Versions = await LoadAsync(() => versions.ListAsync(Call, Arn, PageRequest.First(10), Aborted));
                break;
            default:
                Document = Policy.Value is { } policy
                    ? await LoadAsync(async () => PolicyJson.Pretty((await versions.GetAsync(Call, Arn, policy.DefaultVersionId, Aborted)).Document ?? ""))
                    : new Loaded<string>(null, Policy.Error);
                break;
        }

        return Page();
    }
}
