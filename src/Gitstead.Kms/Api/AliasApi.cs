using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.Kms.Aliases;
using Gitstead.Kms.Keys;
using static Gitstead.Aws.AwsJson;
using static Gitstead.Kms.Api.KmsJson;

namespace Gitstead.Kms.Api;

/// <summary>Alias operations (botocore <c>kms/2014-11-01</c>): CreateAlias, UpdateAlias, DeleteAlias, ListAliases.</summary>
internal sealed class AliasApi(AliasService aliases)
{
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
    public async Task<AwsResult> CreateAliasAsync(AwsRequestContext ctx)
    {
        await aliases.CreateAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("AliasName"), ctx.Json.String("TargetKeyId"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateAlias.html
    public async Task<AwsResult> UpdateAliasAsync(AwsRequestContext ctx)
    {
        await aliases.UpdateAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("AliasName"), ctx.Json.String("TargetKeyId"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteAlias.html
    public async Task<AwsResult> DeleteAliasAsync(AwsRequestContext ctx)
    {
        await aliases.DeleteAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("AliasName"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html
    public async Task<AwsResult> ListAliasesAsync(AwsRequestContext ctx)
    {
        var page = await aliases.ListAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("KeyId"), Page(ctx.Json), ctx.Aborted);
        var json = new JsonObject
        {
            ["Aliases"] = new JsonArray([.. page.Items.Select(a => new JsonObject
            {
                ["AliasName"] = a.AliasName,
                ["AliasArn"] = a.AliasArn,
                ["TargetKeyId"] = a.TargetKeyId,
                ["CreationDate"] = Epoch(a.CreationDate),
                ["LastUpdatedDate"] = Epoch(a.LastUpdatedDate),
            })]),
        };
        return AwsResult.Json(json.WithPaging(page));
    }
}
