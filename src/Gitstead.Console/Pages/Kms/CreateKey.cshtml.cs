using Gitstead.Kms.Aliases;
using Gitstead.Kms.Keys;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.Kms;

/// <summary>
/// Create key: a symmetric encryption key (the only kind served) with a description, an
/// optional alias (CreateAlias after CreateKey, its name checked first) and the default key
/// policy unless one is written here.
/// </summary>
public sealed class CreateKeyModel(KeyService keys, AliasService aliases) : KmsPage
{
    [BindProperty]
    public string? Alias { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? Policy { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var alias = AliasName(Alias);
        var policy = string.IsNullOrWhiteSpace(Policy) ? null : Policy;
        KeyMetadata? key = null;
        if (!await KmsAsync(async () =>
            {
                if (alias is not null)
                {
                    AliasService.CheckName(alias);
                }

                key = await keys.CreateAsync(Kms, new NewKey(Policy: policy, Description: Description ?? ""), Aborted);
            }))
        {
            return Page();
        }

        if (alias is not null && !await KmsAsync(() => aliases.CreateAsync(Kms, alias, key!.KeyId, Aborted)))
        {
            SetFlash($"Key {key!.KeyId} was created, but not its alias: {Error}", "warning");
            return Redirect(KeyUrl(key.KeyId));
        }

        SetFlash($"Key {key!.KeyId} was created{(alias is null ? "" : $" with the alias {alias}")}.");
        return Redirect(KeyUrl(key.KeyId));
    }

    /// <summary>The alias as typed, with <c>alias/</c> added when it is missing; null when none.</summary>
    public static string? AliasName(string? typed) =>
        string.IsNullOrWhiteSpace(typed) ? null : typed.Trim().StartsWith("alias/", StringComparison.Ordinal) ? typed.Trim() : "alias/" + typed.Trim();
}
