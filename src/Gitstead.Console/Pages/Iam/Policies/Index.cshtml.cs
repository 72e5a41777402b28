using Gitstead.Aws;
using Gitstead.Iam.Policies;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.Iam.Policies;

/// <summary>Managed policies — AWS managed and the account's own — a page at a time, by type, with a filter.</summary>
public sealed class PoliciesIndexModel(PolicyListService policies) : IamPage
{
    public static readonly (string Id, string Label)[] Scopes = [("All", "All types"), ("AWS", "AWS managed"), ("Local", "Customer managed")];

    [BindProperty(SupportsGet = true, Name = "scope")]
    public string? Scope { get; set; }

    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    public string CurrentScope => Scopes.Any(s => s.Id == Scope) ? Scope! : "All";

    public Page<PolicyInfo>? Policies { get; private set; }

    public string ScopeUrl(string scope) => $"{IamLinks.Policies}?scope={scope}";

    public async Task OnGetAsync() =>
        Policies = await TryAsync(() => policies.ListPoliciesAsync(Call, new PolicyFilter(CurrentScope, false, "/", null), new PageRequest(Token, 100), Aborted));
}
