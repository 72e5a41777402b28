using System.Globalization;
using System.Runtime.CompilerServices;
using Gitstead.Aws;
using Gitstead.Kms.RootKeys;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Kms.Keys;

/// <summary>
/// KMS key material for <c>gitstead root-key rotate</c>: every material version's sealed blob,
/// whose context names its key's ARN (from the key row) and version, read in pages by
/// (key, version) and replaced with compare and swap.
/// </summary>
internal sealed class KeyMaterialSource(IGitsteadDb db) : ISealedSecretSource
{
    private const int PageSize = 256;

    public string Kind => "KMS key material";

    public async IAsyncEnumerable<SealedSecret> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (afterKey, afterVersion) = (long.MinValue, int.MinValue);
        while (true)
        {
            List<MaterialRow> page;
            await using (var context = db.Create())
            {
                // The page is read in full before anything is written: no reader stays open across updates.
                page = await (
                    from m in context.KmsKeyMaterials.AsNoTracking()
                    join k in context.KmsKeys.AsNoTracking() on m.KeyKey equals k.Key
                    where m.KeyKey > afterKey || (m.KeyKey == afterKey && m.Version > afterVersion)
                    orderby m.KeyKey, m.Version
                    select new MaterialRow(m.KeyKey, m.Version, k.Region, k.AccountId, k.KeyId, m.SealedMaterial))
                    .Take(PageSize)
                    .ToListAsync(cancellationToken);
            }

            foreach (var row in page)
            {
                var arn = Arns.KmsKey(row.Region, row.AccountId, row.KeyId);
                yield return new SealedSecret(
                    string.Create(CultureInfo.InvariantCulture, $"{row.KeyKey}:{row.Version}"), KeyMaterials.Context(arn, row.Version), row.Blob);
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            (afterKey, afterVersion) = (page[^1].KeyKey, page[^1].Version);
        }
    }

    public async Task<bool> ReplaceAsync(SealedSecret secret, byte[] rewrapped, CancellationToken cancellationToken)
    {
        var parts = secret.RowId.Split(':');
        var (keyKey, version) = (long.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        var old = secret.Blob;
        await using var context = db.Create();
        var updated = await context.KmsKeyMaterials
            .Where(m => m.KeyKey == keyKey && m.Version == version && m.SealedMaterial == old)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SealedMaterial, rewrapped), cancellationToken);
        return updated == 1;
    }

    private sealed record MaterialRow(long KeyKey, int Version, string Region, string AccountId, string KeyId, byte[] Blob);
}
