using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Accounts;

/// <summary>
/// The account alias: one per account (ListAccountAliases documentation: "you can have only
/// one"), unique across accounts. Creating an alias when the account has another replaces it,
/// as the console's alias editor does. The actions have no resource type, so they are
/// authorized on <c>*</c>; a refusal is <see cref="AccessDeniedException"/>.
/// </summary>
public sealed class AccountAliasService(IGitsteadDb db, IAuthorizer authorizer)
{
    /// <summary>Sets the account's alias. Authorizes <c>iam:CreateAccountAlias</c>.</summary>
    /// <exception cref="AwsServiceException">ValidationError (digits only), EntityAlreadyExists (another account's alias).</exception>
    public async Task CreateAsync(CallContext call, string alias, CancellationToken ct)
    {
        var accountId = call.AccountId;
        await authorizer.RequireAsync(call, "iam:CreateAccountAlias", "*", ct);
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

    /// <summary>Removes the account's alias. Authorizes <c>iam:DeleteAccountAlias</c>.</summary>
    /// <exception cref="AwsServiceException">NoSuchEntity (not the account's alias).</exception>
    public async Task DeleteAsync(CallContext call, string alias, CancellationToken ct)
    {
        await authorizer.RequireAsync(call, "iam:DeleteAccountAlias", "*", ct);
        await using var context = db.Create();
        var deleted = await context.Accounts.Where(a => a.Id == call.AccountId && a.Alias == alias)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Alias, (string?)null), ct);
        if (deleted == 0)
        {
            throw IamErrors.NoSuchEntity($"The account alias {alias} cannot be found.");
        }
    }

    /// <summary>The account's alias, if it has one. Authorizes <c>iam:ListAccountAliases</c>.</summary>
    /// <exception cref="AwsServiceException">InvalidInput (a marker this list did not hand out).</exception>
    public async Task<Page<string>> ListAsync(CallContext call, PageRequest page, CancellationToken ct)
    {
        await authorizer.RequireAsync(call, "iam:ListAccountAliases", "*", ct);
        await using var context = db.Create();
        var alias = await context.Accounts.Where(a => a.Id == call.AccountId).Select(a => a.Alias).FirstOrDefaultAsync(ct);
        return Paging.PageList<string>(alias is null ? [] : [alias], a => a, page);
    }

    private static AwsServiceException AlreadyExists(string alias) =>
        IamErrors.EntityAlreadyExists($"The account alias {alias} already exists.");
}
