using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.Kms.KeyPolicies;
using Gitstead.Kms.Keys;
using static Gitstead.Aws.AwsJson;
using static Gitstead.Kms.Api.KmsJson;

namespace Gitstead.Kms.Api;

/// <summary>
/// What a key carries besides its material (botocore <c>kms/2014-11-01</c>): its policy
/// (GetKeyPolicy, PutKeyPolicy, ListKeyPolicies), its rotation (EnableKeyRotation,
/// DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand, ListKeyRotations) and its tags
/// (TagResource, UntagResource, ListResourceTags).
/// </summary>
internal sealed class KeySettingsApi(KeyPolicyService policies, KeyRotationService rotation, KeyTagService tags)
{
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html
    public async Task<AwsResult> GetKeyPolicyAsync(AwsRequestContext ctx)
    {
        var policy = await policies.GetAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("KeyId"), ctx.Json.String("PolicyName"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["Policy"] = policy, ["PolicyName"] = KeyPolicyDocuments.DefaultPolicyName });
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
    public async Task<AwsResult> PutKeyPolicyAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        await policies.PutAsync(KmsCall.Direct(ctx.Call), json.String("KeyId"), json.String("PolicyName"), json.String("Policy"),
            json.Bool("BypassPolicyLockoutSafetyCheck") ?? false, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyPolicies.html
    public async Task<AwsResult> ListKeyPoliciesAsync(AwsRequestContext ctx)
    {
        Page(ctx.Json);
        var names = await policies.ListAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("KeyId"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["PolicyNames"] = Strings(names), ["Truncated"] = false });
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html
    public async Task<AwsResult> EnableKeyRotationAsync(AwsRequestContext ctx)
    {
        await rotation.EnableAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("KeyId"), ctx.Json.Int("RotationPeriodInDays"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKeyRotation.html
    public async Task<AwsResult> DisableKeyRotationAsync(AwsRequestContext ctx)
    {
        await rotation.DisableAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("KeyId"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyRotationStatus.html
    public async Task<AwsResult> GetKeyRotationStatusAsync(AwsRequestContext ctx)
    {
        var status = await rotation.GetStatusAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("KeyId"), ctx.Aborted);
        var json = new JsonObject { ["KeyRotationEnabled"] = status.Enabled, ["KeyId"] = status.KeyArn };
        if (status.PeriodInDays is { } days)
        {
            json["RotationPeriodInDays"] = days;
        }

        if (status.NextRotationDate is { } next)
        {
            json["NextRotationDate"] = Epoch(next);
        }

        return AwsResult.Json(json);
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html
    public async Task<AwsResult> RotateKeyOnDemandAsync(AwsRequestContext ctx)
    {
        var arn = await rotation.RotateNowAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("KeyId"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["KeyId"] = arn });
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyRotations.html
    public async Task<AwsResult> ListKeyRotationsAsync(AwsRequestContext ctx)
    {
        var page = await rotation.ListAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("KeyId"), Page(ctx.Json), ctx.Aborted);
        var json = new JsonObject
        {
            ["Rotations"] = new JsonArray([.. page.Items.Select(r => new JsonObject
            {
                ["KeyId"] = r.KeyArn,
                ["RotationDate"] = Epoch(r.RotationDate),
                ["RotationType"] = r.RotationType,
            })]),
        };
        return AwsResult.Json(json.WithPaging(page));
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_TagResource.html
    public async Task<AwsResult> TagResourceAsync(AwsRequestContext ctx)
    {
        await tags.TagAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("KeyId"), Tags(ctx.Json, "Tags"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_UntagResource.html
    public async Task<AwsResult> UntagResourceAsync(AwsRequestContext ctx)
    {
        await tags.UntagAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("KeyId"), ctx.Json.StringList("TagKeys"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/kms/latest/APIReference/API_ListResourceTags.html
    public async Task<AwsResult> ListResourceTagsAsync(AwsRequestContext ctx)
    {
        var page = await tags.ListAsync(KmsCall.Direct(ctx.Call), ctx.Json.String("KeyId"), Page(ctx.Json), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["Tags"] = TagList(page.Items) }.WithPaging(page));
    }
}
