using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Accounts;

/// <summary>
/// The account alias: one per account (ListAccountAliases documentation: "you can have only
/// one"), unique across accounts. Creating an alias when the account has another replaces it,
/// as the console's alias editor does.
/// </summary>
internal sealed class AccountAliasService(IGitsteadDb db)
{
    public async Task CreateAsync(string accountId, string alias, CancellationToken ct)
    {
        if (alias.All(char.IsAsciiDigit))
        {
            // An all-digit alias would read as an account id in sign-in URLs.
            throw Validation.Error($"Value '{alias}' at 'accountAlias' failed to satisfy constraint: Member must not consist of digits only");
        }

        await using var context = db.Create();
        if (await context.Accounts.AnyAsync(a => a.Alias == alias && a.Id != accountId, ct))
        {
            throw AlreadyExists(alias);
        }

        var account = await context.Accounts.FirstAsync(a => a.Id == accountId, ct);
        account.Alias = alias;

        // Another account may have taken the alias since we looked (unique index).
        await context.SaveUniqueAsync(() => AlreadyExists(alias), ct);
    }

    public async Task DeleteAsync(string accountId, string alias, CancellationToken ct)
    {
        await using var context = db.Create();
        var deleted = await context.Accounts.Where(a => a.Id == accountId && a.Alias == alias)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Alias, (string?)null), ct);
        if (deleted == 0)
        {
            throw IamErrors.NoSuchEntity($"The account alias {alias} cannot be found.");
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(string accountId, CancellationToken ct)
    {
        await using var context = db.Create();
        var alias = await context.Accounts.Where(a => a.Id == accountId).Select(a => a.Alias).FirstOrDefaultAsync(ct);
        return alias is null ? [] : [alias];
    }

    private static AwsServiceException AlreadyExists(string alias) =>
        IamErrors.EntityAlreadyExists($"The account alias {alias} already exists.");
}
