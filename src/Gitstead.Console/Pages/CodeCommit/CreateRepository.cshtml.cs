using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// CreateRepository: name (checked live in the browser against the API's rule, and again by the
/// service), description, tags and the KMS key (the AWS managed key <c>aws/codecommit</c>, or a
/// customer managed key by id, ARN or alias); on success the new repository's page, with its
/// connection steps.
/// </summary>
public sealed class CreateRepositoryModel(RepositoryService repositories) : RegionalConsolePage
{
    /// <summary>The API's name rule (<c>[\w.-]{1,100}</c>, ASCII) and not ending in <c>.git</c>, for the browser's live check.</summary>
    public const string NamePattern = @"^(?!.*\.[Gg][Ii][Tt]$)[A-Za-z0-9_.\-]{1,100}$";

    /// <summary>How many tag rows the form offers.</summary>
    public const int TagRows = 3;

    [BindProperty]
    public string? RepositoryName { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public List<string?> TagKeys { get; set; } = [];

    /// <summary><c>aws</c> (the AWS managed key, the default) or <c>customer</c> (<see cref="KmsKeyId"/>).</summary>
    [BindProperty]
    public string KeyChoice { get; set; } = "aws";

    /// <summary>A customer managed key: key id, key ARN, alias name or alias ARN.</summary>
    [BindProperty]
    public string? KmsKeyId { get; set; }

    [BindProperty]
    public List<string?> TagValues { get; set; } = [];

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ViewData["Service"] = "codecommit";
        base.OnPageHandlerExecuting(context);
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < TagKeys.Count; i++)
        {
            if (TagKeys[i] is { Length: > 0 } key)
            {
                tags[key.Trim()] = (i < TagValues.Count ? TagValues[i] : null)?.Trim() ?? "";
            }
        }

        var kmsKeyId = KeyChoice == "customer" ? KmsKeyId?.Trim() ?? "" : null;
        var request = new NewRepository(RepositoryName?.Trim(), string.IsNullOrWhiteSpace(Description) ? null : Description, kmsKeyId, tags);
        var created = await TryAsync(() => repositories.CreateAsync(Call, request, HttpContext.RequestAborted));
        if (created is null)
        {
            return Page();
        }

        SetFlash($"Success: repository {created.Name} was created.");
        return this.ToRegional($"/console/codecommit/repositories/{Uri.EscapeDataString(created.Name)}/browse");
    }

    public string? TagKey(int i) => i < TagKeys.Count ? TagKeys[i] : null;

    public string? TagValue(int i) => i < TagValues.Count ? TagValues[i] : null;
}
