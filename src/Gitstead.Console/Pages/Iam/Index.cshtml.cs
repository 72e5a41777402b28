using Gitstead.Iam.Accounts;

namespace Gitstead.Console.Pages.Iam;

/// <summary>The IAM dashboard: the account's id and alias, its IAM resource counts (when the caller may read the account summary), and where to go next.</summary>
public sealed class IamDashboardModel(AccountSummaryService summary) : IamPage
{
    public Loaded<IReadOnlyDictionary<string, int>>? Summary { get; private set; }

    public async Task OnGetAsync() =>
        Summary = await LoadAsync(async () => (IReadOnlyDictionary<string, int>)(await summary.GetAsync(Call, Aborted)).ToDictionary(e => e.Key, e => e.Value));

    public string Count(string key) => Summary?.Value?.TryGetValue(key, out var value) == true ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "–";
}
