using Gitstead.Aws;
using Gitstead.Iam.Common;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.Accounts;

/// <summary>
/// Account-level IAM operations (botocore <c>iam/2010-05-08</c>): CreateAccountAlias,
/// DeleteAccountAlias, ListAccountAliases, GetAccountSummary.
/// </summary>
internal sealed class AccountApi(AccountAliasService aliases, AccountSummaryService summary)
{
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccountAlias.html
    public async Task<AwsResult> CreateAccountAliasAsync(AwsRequestContext ctx)
    {
        var alias = ctx.Query.RequiredString("AccountAlias", 3, 63, IamPatterns.AccountAlias);
        await aliases.CreateAsync(ctx.Call, alias, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccountAlias.html
    public async Task<AwsResult> DeleteAccountAliasAsync(AwsRequestContext ctx)
    {
        var alias = ctx.Query.RequiredString("AccountAlias", 3, 63, IamPatterns.AccountAlias);
        await aliases.DeleteAsync(ctx.Call, alias, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccountAliases.html
    public async Task<AwsResult> ListAccountAliasesAsync(AwsRequestContext ctx)
    {
        var page = await aliases.ListAsync(ctx.Call, ctx.Query.Page(), ctx.Aborted);
        return AwsResult.Xml([StringMembers("AccountAliases", page.Items), .. page.PagingElements()]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html
    public async Task<AwsResult> GetAccountSummaryAsync(AwsRequestContext ctx)
    {
        var entries = await summary.GetAsync(ctx.Call, ctx.Aborted);
        return AwsResult.Xml(E("SummaryMap", entries.Select(e => E("entry", E("key", e.Key), E("value", e.Value)))));
    }
}
