using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Gitstead.CodeCommit.Templates;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// A repository's settings: UpdateRepositoryName, UpdateRepositoryDescription,
/// UpdateRepositoryEncryptionKey, its tags (ListTagsForResource), its approval rule templates
/// (ListAssociatedApprovalRuleTemplatesForRepository, associate, disassociate) and DeleteRepository, which asks for the repository's name typed out
/// (checked in the browser and again here).
/// </summary>
public sealed class SettingsModel(RepositoryService repositories, RepositoryTagService tags, ApprovalRuleTemplateService templates) : RepositoryPage
{
    [BindProperty]
    public string? NewName { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    /// <summary>The KMS key to move the repository to: key id, key ARN, alias name or alias ARN.</summary>
    [BindProperty]
    public string? KmsKeyId { get; set; }

    public IReadOnlyDictionary<string, string>? Tags { get; private set; }

    /// <summary>The templates associated with the repository; null when that list was refused.</summary>
    public IReadOnlyList<string>? Templates { get; private set; }

    /// <summary>The region's templates not yet associated; null when ListApprovalRuleTemplates was refused.</summary>
    public IReadOnlyList<string>? OtherTemplates { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostRenameAsync()
    {
        var to = NewName?.Trim();
        if (await TryAsync(() => repositories.RenameAsync(Call, Name, to, HttpContext.RequestAborted)))
        {
            SetFlash($"Repository {Name} was renamed to {to}.");
            return Redirect(RepositoryUrl("settings", to));
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDescriptionAsync()
    {
        var text = string.IsNullOrWhiteSpace(Description) ? null : Description;
        if (await TryAsync(() => repositories.UpdateDescriptionAsync(Call, Name, text, HttpContext.RequestAborted)))
        {
            SetFlash("The description was saved.");
            return Redirect(RepositoryUrl("settings"));
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostEncryptionKeyAsync()
    {
        var key = KmsKeyId?.Trim();
        EncryptionKeyChange? change = null;
        if (await TryAsync(async () => { change = await repositories.UpdateEncryptionKeyAsync(Call, Name, key, HttpContext.RequestAborted); }))
        {
            SetFlash($"Repository {Name} is now encrypted under KMS key {change!.KmsKeyId}.");
            return Redirect(RepositoryUrl("settings"));
        }

        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostAssociateTemplateAsync(string template) =>
        TemplateChangeAsync(() => templates.AssociateAsync(Call, template, Name, HttpContext.RequestAborted), $"Approval rule template {template} is now associated with {Name}.");

    public Task<IActionResult> OnPostDisassociateTemplateAsync(string template) =>
        TemplateChangeAsync(() => templates.DisassociateAsync(Call, template, Name, HttpContext.RequestAborted), $"Approval rule template {template} is no longer associated with {Name}.");

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (Confirmation != Name)
        {
            Error = $"To delete the repository, type its name, {Name}, exactly.";
        }
        else if (await TryAsync(async () => { await repositories.DeleteAsync(Call, Name, HttpContext.RequestAborted); }))
        {
            SetFlash($"Repository {Name} was deleted.");
            return this.ToRegional("/console/codecommit/repositories");
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        if (await LoadRepositoryAsync(repositories))
        {
            Tags = await TryQuietlyAsync(() => tags.ListAsync(Call, Repository!.Arn, HttpContext.RequestAborted));
            Templates = (await TryQuietlyAsync(() => templates.ListForRepositoryAsync(Call, Name, PageRequest.First(100), HttpContext.RequestAborted)))?.Items;
            var all = await TryQuietlyAsync(() => templates.ListAsync(Call, PageRequest.First(1000), HttpContext.RequestAborted));
            OtherTemplates = all?.Items.Where(t => Templates?.Contains(t, StringComparer.Ordinal) != true).ToList();
        }
    }

    private async Task<IActionResult> TemplateChangeAsync(Func<Task> change, string done)
    {
        if (await TryAsync(change))
        {
            SetFlash(done);
            return Redirect(RepositoryUrl("settings"));
        }

        await LoadAsync();
        return Page();
    }
}
