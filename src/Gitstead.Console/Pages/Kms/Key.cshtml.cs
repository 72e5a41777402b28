using Gitstead.Aws;
using Gitstead.Console.Pages.Iam;
using Gitstead.Kms.Aliases;
using Gitstead.Kms.KeyPolicies;
using Gitstead.Kms.Keys;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.Kms;

/// <summary>
/// A key: its general configuration (DescribeKey, aliases) and tabs for its key policy
/// (GetKeyPolicy, PutKeyPolicy), aliases (CreateAlias, DeleteAlias), rotation
/// (GetKeyRotationStatus, EnableKeyRotation, DisableKeyRotation, RotateKeyOnDemand,
/// ListKeyRotations) and tags (ListResourceTags, TagResource, UntagResource); the key actions
/// EnableKey, DisableKey, UpdateKeyDescription, ScheduleKeyDeletion (the waiting period, and
/// "confirm" typed out) and CancelKeyDeletion. An AWS managed key is shown read only.
/// </summary>
public sealed class KeyModel(KeyService keys, AliasService aliases, KeyPolicyService policies, KeyRotationService rotations, KeyTagService tags) : KmsPage
{
    public const string ConfirmWord = "confirm";

    public static readonly (string Id, string Label)[] Tabs =
        [("key-policy", "Key policy"), ("aliases", "Aliases"), ("rotation", "Key rotation"), ("tags", "Tags")];

    public string KeyId => RouteData.Values["keyId"] as string ?? "";

    [BindProperty(SupportsGet = true, Name = "tab")]
    public string? Tab { get; set; }

    /// <summary>True while the key policy is being edited (<c>?edit=policy</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "edit")]
    public string? Edit { get; set; }

    /// <summary>The dialog rendered open without script (<c>?confirm=disable-key</c>, <c>schedule-deletion</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "confirm")]
    public string? Confirm { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? PolicyDocument { get; set; }

    [BindProperty]
    public string? AliasName { get; set; }

    [BindProperty]
    public bool RotationEnabled { get; set; }

    [BindProperty]
    public int? RotationPeriod { get; set; }

    [BindProperty]
    public string? TagKey { get; set; }

    [BindProperty]
    public string? TagValue { get; set; }

    [BindProperty]
    public int? PendingWindow { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    public string CurrentTab => Tabs.Any(t => t.Id == Tab) ? Tab! : "key-policy";

    public bool EditingPolicy => Edit == "policy" && IsCustomer;

    public Loaded<KeyMetadata>? Key { get; private set; }

    /// <summary>The key's aliases (shown in the general configuration and on their tab).</summary>
    public Loaded<IReadOnlyList<AliasEntry>>? Aliases { get; private set; }

    public Loaded<string>? Policy { get; private set; }

    public Loaded<RotationStatus>? Rotation { get; private set; }

    public Loaded<IReadOnlyList<KeyRotation>>? Rotations { get; private set; }

    public Loaded<IReadOnlyList<KeyValuePair<string, string>>>? Tags { get; private set; }

    /// <summary>True for a customer managed key: only those have forms and actions.</summary>
    public bool IsCustomer => Key?.Value?.KeyManager == "CUSTOMER";

    public string TabUrl(string tab) => KeyUrl(KeyId, tab);

    /// <summary>A handler's address on the current tab (for a dialog's form).</summary>
    public string HandlerUrl(string handler) => $"{TabUrl(CurrentTab)}&handler={handler}";

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostDisableAsync() =>
        ChangeAsync(() => keys.DisableAsync(Kms, KeyId, Aborted), $"Key {KeyId} is disabled.");

    public Task<IActionResult> OnPostEnableAsync() =>
        ChangeAsync(() => keys.EnableAsync(Kms, KeyId, Aborted), $"Key {KeyId} is enabled.");

    public Task<IActionResult> OnPostDescriptionAsync() =>
        ChangeAsync(() => keys.UpdateDescriptionAsync(Kms, KeyId, Description ?? "", Aborted), "The description was saved.");

    public async Task<IActionResult> OnPostScheduleDeletionAsync()
    {
        if (!string.Equals(Confirmation?.Trim(), ConfirmWord, StringComparison.Ordinal))
        {
            Error = $"To schedule the key's deletion, type {ConfirmWord} in the confirmation field.";
            Confirm = "schedule-deletion";
            return await ShowAsync();
        }

        ScheduledDeletion? scheduled = null;
        return await ChangeAsync(async () => { scheduled = await keys.ScheduleDeletionAsync(Kms, KeyId, PendingWindow, Aborted); },
            () => $"Key {KeyId} is scheduled for deletion on {KmsFormat.Date(scheduled!.DeletionDate)}.");
    }

    public Task<IActionResult> OnPostCancelDeletionAsync() =>
        ChangeAsync(() => keys.CancelDeletionAsync(Kms, KeyId, Aborted), $"The deletion of key {KeyId} was cancelled; the key is disabled until you enable it.");

    public async Task<IActionResult> OnPostPolicyAsync()
    {
        if (await KmsAsync(() => policies.PutAsync(Kms, KeyId, "default", PolicyDocument ?? "", false, Aborted)))
        {
            SetFlash("The key policy was saved.");
            return Redirect(TabUrl("key-policy"));
        }

        Tab = "key-policy";
        Edit = "policy";
        return await ShowAsync();
    }

    public Task<IActionResult> OnPostAddAliasAsync()
    {
        var name = CreateKeyModel.AliasName(AliasName);
        return ChangeAsync(() => aliases.CreateAsync(Kms, name, KeyId, Aborted), $"Alias {name} was added.", "aliases");
    }

    public Task<IActionResult> OnPostDeleteAliasAsync() =>
        ChangeAsync(() => aliases.DeleteAsync(Kms, AliasName, Aborted), $"Alias {AliasName} was deleted.", "aliases");

    public Task<IActionResult> OnPostRotationAsync() => RotationEnabled
        ? ChangeAsync(() => rotations.EnableAsync(Kms, KeyId, RotationPeriod, Aborted), "Automatic rotation is enabled.", "rotation")
        : ChangeAsync(() => rotations.DisableAsync(Kms, KeyId, Aborted), "Automatic rotation is disabled.", "rotation");

    public Task<IActionResult> OnPostRotateNowAsync() =>
        ChangeAsync(() => rotations.RotateNowAsync(Kms, KeyId, Aborted), "The key was rotated: new encryption uses new key material, and earlier ciphertext still decrypts.", "rotation");

    public Task<IActionResult> OnPostAddTagAsync() =>
        ChangeAsync(() => tags.TagAsync(Kms, KeyId, [new(TagKey ?? "", TagValue ?? "")], Aborted), $"Tag {TagKey} was saved.", "tags");

    public Task<IActionResult> OnPostRemoveTagAsync() =>
        ChangeAsync(() => tags.UntagAsync(Kms, KeyId, [TagKey ?? ""], Aborted), $"Tag {TagKey} was removed.", "tags");

    private Task<IActionResult> ChangeAsync(Func<Task> action, string done, string? tab = null) => ChangeAsync(action, () => done, tab);

    /// <summary>Runs one change; redirects with <paramref name="done"/> after it, or shows the page again with KMS's error.</summary>
    private async Task<IActionResult> ChangeAsync(Func<Task> action, Func<string> done, string? tab = null)
    {
        if (await KmsAsync(action))
        {
            SetFlash(done());
            return Redirect(TabUrl(tab ?? CurrentTab));
        }

        Tab = tab ?? Tab;
        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        Key = await LoadAsync(() => keys.DescribeAsync(Kms, KeyId, Aborted));
        if (!Key.Ok)
        {
            return Page();
        }

        ViewData["AwsManagedKey"] = !IsCustomer;
        Aliases = await LoadAsync(async () => (await aliases.ListAsync(Kms, KeyId, new PageRequest(null, 100), Aborted)).Items);
        switch (CurrentTab)
        {
            case "rotation":
                Rotation = await LoadAsync(() => rotations.GetStatusAsync(Kms, KeyId, Aborted));
                Rotations = await LoadAsync(async () => (await rotations.ListAsync(Kms, KeyId, new PageRequest(null, 1000), Aborted)).Items);
                break;
            case "tags":
                Tags = await LoadAsync(async () => (await tags.ListAsync(Kms, KeyId, new PageRequest(null, 50), Aborted)).Items);
                break;
            case "aliases":
                break;
            default:
                Policy = await LoadAsync(() => policies.GetAsync(Kms, KeyId, "default", Aborted));
                break;
        }

        return Page();
    }
}
