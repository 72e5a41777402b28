using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.Kms.Keys;
using static Gitstead.Aws.AwsJson;
using static Gitstead.Kms.Api.KmsJson;

namespace Gitstead.Kms.Api;

/// <summary>
/// Key operations (botocore <c>kms/2014-11-01</c>): CreateKey, DescribeKey, ListKeys, EnableKey,
/// DisableKey, ScheduleKeyDeletion, CancelKeyDeletion, UpdateKeyDescription. Each parses the
/// body, calls <see cref="KeyService"/> (which checks and authorizes) and renders the answer.
/// </summary>
internal sealed class KeyApi(KeyService keys)
{
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html
    public async Task<AwsResult> CreateKeyAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var request = new NewKey(
            json.String("Policy"), json.String("Description"), json.String("KeyUsage"), json.String("KeySpec"), json.String("CustomerMasterKeySpec"),
            json.String("Origin"), json.String("CustomKeyStoreId"), json.String("XksKeyId"), json.Bool("MultiRegion"),
            json.Bool("BypassPolicyLockoutSafetyCheck") ?? false, Tags(json, "Tags"));
        var key = await keys.CreateAsync(KmsCall.Direct(ctx.Call), request, ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["KeyMetadata"] = Metadata(key) });
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
    public async Task<AwsResult> DescribeKeyAsync(AwsRequestContext ctx)
    {
        var key = await keys.DescribeAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("KeyId"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["KeyMetadata"] = Metadata(key) });
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeys.html
    public async Task<AwsResult> ListKeysAsync(AwsRequestContext ctx)
    {
        var page = await keys.ListAsync(KmsCall.Direct(ctx.Call), Page(ctx.Json), ctx.Aborted);
        var json = new JsonObject
        {
            ["Keys"] = new JsonArray([.. page.Items.Select(k => new JsonObject { ["KeyId"] = k.KeyId, ["KeyArn"] = k.Arn })]),
        };
        return AwsResult.Json(json.WithPaging(page));
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKey.html
    public async Task<AwsResult> EnableKeyAsync(AwsRequestContext ctx)
    {
        await keys.EnableAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("KeyId"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKey.html
    public async Task<AwsResult> DisableKeyAsync(AwsRequestContext ctx)
    {
        await keys.DisableAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("KeyId"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html
    public async Task<AwsResult> ScheduleKeyDeletionAsync(AwsRequestContext ctx)
    {
        var scheduled = await keys.ScheduleDeletionAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("KeyId"), ctx.Json.Int("PendingWindowInDays"), ctx.Aborted);
        return AwsResult.Json(new JsonObject
        {
            ["KeyId"] = scheduled.KeyArn,
            ["DeletionDate"] = Epoch(scheduled.DeletionDate),
            ["KeyState"] = KeyStates.PendingDeletion,
            ["PendingWindowInDays"] = scheduled.PendingWindowInDays,
        });
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html
    public async Task<AwsResult> CancelKeyDeletionAsync(AwsRequestContext ctx)
    {
        var arn = await keys.CancelDeletionAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("KeyId"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["KeyId"] = arn });
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateKeyDescription.html
    public async Task<AwsResult> UpdateKeyDescriptionAsync(AwsRequestContext ctx)
    {
        await keys.UpdateDescriptionAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("KeyId"), ctx.Json.String("Description"), ctx.Aborted);
        return AwsResult.Empty;
    }
}
