using Gitstead.Iam.Common;
using Gitstead.Iam.Policies;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.Iam;

/// <summary>
/// An inline policy of a user or group: its JSON, viewed and edited in a text box, or a new one
/// (PutUserPolicy / PutGroupPolicy, which checks the document as the API does).
/// </summary>
public sealed class InlinePolicyModel(InlinePolicyService inline) : IamPage
{
    [BindProperty(SupportsGet = true)]
    public string Kind { get; set; } = "users";

    [BindProperty(SupportsGet = true)]
    public string Name { get; set; } = "";

    /// <summary>The policy being edited; null for a new one.</summary>
    [BindProperty(SupportsGet = true, Name = "policy")]
    public string? Existing { get; set; }

    [BindProperty]
    public string? PolicyName { get; set; }

    [BindProperty]
    public string? Document { get; set; }

    public string? NameError { get; private set; }

    /// <summary>False when the existing policy could not be read (the error says why).</summary>
    public bool Readable { get; private set; } = true;

    public bool IsUser => Kind == "users";

    private PrincipalKind Principal => IsUser ? PrincipalKind.User : PrincipalKind.Group;

    public async Task OnGetAsync()
    {
        if (Existing is null)
        {
            Document = PolicyJson.Template;
            return;
        }

        var policy = await TryAsync(() => inline.GetAsync(Call, Principal, Name, Existing, Aborted));
        Readable = policy is not null;
        PolicyName = Existing;
        Document = policy is null ? null : PolicyJson.Pretty(policy.Document);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var name = Existing ?? PolicyName?.Trim();
        NameError = IamNames.CheckPolicyName(name);
        if (NameError is null && string.IsNullOrWhiteSpace(Document))
        {
            Error = "The policy document is empty.";
        }

        if (NameError is null && Error is null && await TryAsync(() => inline.PutAsync(Call, Principal, Name, name!, Document!, Aborted)))
        {
            SetFlash($"Inline policy {name} saved.");
            return Redirect(IamLinks.Principal(Kind, Name, "permissions"));
        }

        PolicyName = name;
        return Page();
    }
}
