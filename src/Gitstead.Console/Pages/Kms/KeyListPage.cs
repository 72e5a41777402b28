using Gitstead.Aws;
using Gitstead.Kms.Aliases;
using Gitstead.Kms.Keys;

namespace Gitstead.Console.Pages.Kms;

/// <summary>A row of a key list: the key as DescribeKey shows it (null when that was refused), and its aliases.</summary>
public sealed record KeyRow(string KeyId, KeyMetadata? Metadata, IReadOnlyList<string> Aliases);

/// <summary>
/// The region's keys of one key manager, as KMS's console lists them: ListKeys, ListAliases
/// (to name each key's aliases), then DescribeKey per key for its state, description and date.
/// A key the caller may list but not describe is shown by its id only.
/// </summary>
public abstract class KeyListPage(KeyService keys, AliasService aliases) : KmsPage
{
    /// <summary>The most keys and aliases read for one page (ListKeys' and ListAliases' largest page).</summary>
    private const int Limit = 1000;

    /// <summary><c>CUSTOMER</c> or <c>AWS</c>.</summary>
    public abstract string KeyManager { get; }

    public IReadOnlyList<KeyRow> Rows { get; private set; } = [];

    /// <summary>True when the region has more keys than one page reads.</summary>
    public bool Truncated { get; private set; }

    public async Task OnGetAsync()
    {
        var page = await KmsAsyncResult(() => keys.ListAsync(Kms, new PageRequest(null, Limit), Aborted));
        if (page is null)
        {
            return;
        }

        Truncated = page.NextToken is not null;
        var names = await LoadAsync(() => aliases.ListAsync(Kms, null, new PageRequest(null, Limit), Aborted));
        var byKey = (names.Value?.Items ?? []).ToLookup(a => a.TargetKeyId, a => a.AliasName);
        var rows = new List<KeyRow>();
        foreach (var (keyId, _) in page.Items)
        {
            var metadata = (await LoadAsync(() => keys.DescribeAsync(Kms, keyId, Aborted))).Value;
            var isAws = metadata?.KeyManager == "AWS" || byKey[keyId].Any(a => a.StartsWith("alias/aws/", StringComparison.Ordinal));
            if (isAws == (KeyManager == "AWS"))
            {
                rows.Add(new KeyRow(keyId, metadata, [.. byKey[keyId]]));
            }
        }

        Rows = [.. rows.OrderBy(r => r.Aliases.FirstOrDefault() ?? "\uffff", StringComparer.Ordinal).ThenBy(r => r.KeyId, StringComparer.Ordinal)];
    }

    private async Task<T?> KmsAsyncResult<T>(Func<Task<T>> read)
    {
        var result = default(T);
        await KmsAsync(async () => { result = await read(); });
        return result;
    }
}
