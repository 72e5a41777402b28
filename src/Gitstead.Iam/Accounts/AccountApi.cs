using Gitstead.Aws;
using Gitstead.Iam.Common;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.Accounts;

/// <summary>
/// Account-level IAM operations (botocore <c>iam/2010-05-08</c>): CreateAccountAlias,
/// DeleteAccountAlias, ListAccountAliases, GetAccountSummary. They have no resource type in
/// IAM's authorization reference, so they are authorized on <c>*</c>.
/// </summary>
internal sealed class AccountApi(AccountAliasService aliases, AccountSummaryService summary)
{
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccountAlias.html
    public async Task<AwsResult> CreateAccountAliasAsync(AwsRequestContext ctx)
    {
        var alias = ctx.Query.RequiredString("AccountAlias", 3, 63, IamPatterns.AccountAlias);
        await ctx.AuthorizeAsync("iam:CreateAccountAlias", "*");
        await aliases.CreateAsync(ctx.Caller.AccountId, alias, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccountAlias.html
    public async Task<AwsResult> DeleteAccountAliasAsync(AwsRequestContext ctx)
    {
        var alias = ctx.Query.RequiredString("AccountAlias", 3, 63, IamPatterns.AccountAlias);
        await ctx.AuthorizeAsync("iam:DeleteAccountAlias", "*");
        await aliases.DeleteAsync(ctx.Caller.AccountId, alias, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccountAliases.html
    public async Task<AwsResult> ListAccountAliasesAsync(AwsRequestContext ctx)
    {
        await ctx.AuthorizeAsync("iam:ListAccountAliases", "*");
        var list = await aliases.ListAsync(ctx.Caller.AccountId, ctx.Aborted);
        var page = Paging.PageList(list, a => a, ctx.Query);
        return AwsResult.Xml([StringMembers("AccountAliases", page.Items), .. page.PagingElements()]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html
    public async Task<AwsResult> GetAccountSummaryAsync(AwsRequestContext ctx)
    {
        await ctx.AuthorizeAsync("iam:GetAccountSummary", "*");
        var entries = await summary.GetAsync(ctx.Caller.AccountId, ctx.Aborted);
        return AwsResult.Xml(E("SummaryMap", entries.Select(e => E("entry", E("key", e.Key), E("value", e.Value)))));
    }
}
