using Gitstead.Iam.Policies;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.Iam.Policies;

/// <summary>Create a customer managed policy from a JSON document (CreatePolicy, which checks the document as the API does).</summary>
public sealed class CreatePolicyModel(ManagedPolicyService policies) : IamPage
{
    [BindProperty]
    public string? PolicyName { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? Document { get; set; } = PolicyJson.Template;

    public string? NameError { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var name = PolicyName?.Trim();
        NameError = IamNames.CheckPolicyName(name);
        if (Description?.Length > 1000)
        {
            Error = "The description can have up to 1,000 characters.";
        }
        else if (string.IsNullOrWhiteSpace(Document))
        {
            Error = "The policy document is empty.";
        }

        if (NameError is not null || Error is not null)
        {
            return Page();
        }

        var description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim();
        var created = await TryAsync(() => policies.CreateAsync(Call, new NewPolicy(name!, "/", Document!, description, []), Aborted));
        if (created is null)
        {
            return Page();
        }

        SetFlash($"Policy {created.PolicyName} created.");
        return Redirect(IamLinks.Policy(created.Arn));
    }
}
