using Gitstead.Aws;
using Gitstead.Iam.Accounts;
using Gitstead.Iam.Users;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.Iam.Users;

/// <summary>
/// The account's users, a page at a time (ListUsers' own markers), with what the IAM console
/// shows beside each — groups, console access, access keys — read for the whole page in one
/// call (<see cref="UserService.SummarizeAsync"/>), and deleting users after a confirmation.
/// </summary>
public sealed class UsersIndexModel(UserService users) : IamPage
{
    public const int DefaultPageSize = 100;

    /// <summary>ListUsers' marker of this page; null for the first.</summary>
    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    /// <summary>Users chosen for deletion: the confirmation dialog is rendered open for them.</summary>
    /// <summary>Users per page (<c>?max=</c>, 1–1000), as ListUsers' MaxItems.</summary>
    [BindProperty(SupportsGet = true, Name = "max")]
    public int? MaxItems { get; set; }

    public int PageSize => Math.Clamp(MaxItems ?? DefaultPageSize, 1, 1000);

    /// <summary>This list's URL with another marker, keeping the page size.</summary>
    public string PageUrl(string? token) =>
        IamLinks.Users + (MaxItems is null ? "" : $"?max={PageSize}") + (token is null ? "" : $"{(MaxItems is null ? "?" : "&")}token={Uri.EscapeDataString(token)}");

    [BindProperty(SupportsGet = true, Name = "delete")]
    public string[] ToDelete { get; set; } = [];

    [BindProperty]
    public string? Confirmation { get; set; }

    public Page<UserInfo>? Users { get; private set; }

    public IReadOnlyDictionary<string, UserSummary> Summaries { get; private set; } = new Dictionary<string, UserSummary>();

    /// <summary>The account's user count when the caller may read the account summary.</summary>
    public int? Total { get; private set; }

    /// <summary>Users a delete left in place, with why and what to remove first.</summary>
    public IReadOnlyList<UserDeletion> Refused { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (Request.Query["confirm"] == "delete-users" && ToDelete.Length == 0)
        {
            Error = "Choose the users to delete: select them in the table, then choose Delete.";
        }

        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        var names = ToDelete.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var expected = names.Count == 1 ? names[0] : "delete";
        if (names.Count == 0 || !string.Equals(Confirmation?.Trim(), expected, StringComparison.Ordinal))
        {
            Error = names.Count == 0 ? "Choose the users to delete." : $"To delete, type {expected} in the confirmation field.";
            return await ShowAsync();
        }

        var results = new List<UserDeletion>();
        foreach (var name in names)
        {
            results.Add(await UserDeletion.RunAsync(users, Call, name, Aborted));
        }

        Refused = results.Where(r => !r.Deleted).ToList();
        var deleted = results.Where(r => r.Deleted).Select(r => r.UserName).ToList();
        if (Refused.Count == 0)
        {
            SetFlash(deleted.Count == 1 ? $"User {deleted[0]} deleted." : $"{deleted.Count} users deleted.");
            return Redirect(IamLinks.Users);
        }

        ToDelete = [];
        Error = deleted.Count == 0 ? "No user was deleted." : $"Deleted {string.Join(", ", deleted)}; the others were not.";
        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        Users = await TryAsync(() => users.ListAsync(Call, "/", new PageRequest(Token, PageSize), Aborted));
        if (Users is not null)
        {
            var summaries = await TryQuietlyAsync(() => users.SummarizeAsync(Call, Users.Items.Select(u => u.UserName).ToList(), Aborted));
            Summaries = (summaries ?? []).ToDictionary(s => s.UserName, StringComparer.Ordinal);
            var summary = await TryQuietlyAsync(() => Service<AccountSummaryService>().GetAsync(Call, Aborted));
            Total = summary?.FirstOrDefault(e => e.Key == "Users")?.Value;
        }

        return Page();
    }
}
