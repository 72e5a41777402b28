using System.Text.Json;
using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.Kms.Keys;
using static Gitstead.Aws.AwsJson;

namespace Gitstead.Kms.Api;

/// <summary>Request and response shapes of the botocore <c>kms/2014-11-01</c> model; absent optional members are omitted.</summary>
internal static class KmsJson
{
    /// <summary><c>KeyMetadata</c> of a symmetric key in KMS's own key store.</summary>
    public static JsonObject Metadata(KeyMetadata key)
    {
        var json = new JsonObject
        {
            ["AWSAccountId"] = key.AccountId,
            ["KeyId"] = key.KeyId,
            ["Arn"] = key.Arn,
            ["CreationDate"] = Epoch(key.CreationDate),
            ["Enabled"] = key.Enabled,
            ["Description"] = key.Description,
            ["KeyUsage"] = key.KeyUsage,
            ["KeyState"] = key.KeyState,
        };
        if (key.DeletionDate is { } deletion)
        {
            json["DeletionDate"] = Epoch(deletion);
        }

        json["Origin"] = KeyStates.AwsKms;
        json["KeyManager"] = key.KeyManager;
        json["CustomerMasterKeySpec"] = key.KeySpec;
        json["KeySpec"] = key.KeySpec;
        json["EncryptionAlgorithms"] = Strings(["SYMMETRIC_DEFAULT"]);
        json["MultiRegion"] = false;
        if (key.PendingWindowInDays is { } days)
        {
            json["PendingDeletionWindowInDays"] = days;
        }

        return json;
    }

    /// <summary>A <c>TagList</c> member: <c>[{"TagKey": …, "TagValue": …}]</c>; null when absent.</summary>
    public static List<KeyValuePair<string, string>>? Tags(JsonElement json, string member) =>
        json.ObjectList(member)?.Select(t => KeyValuePair.Create(
            t.String("TagKey") ?? throw KmsErrors.Required("tagKey"),
            t.String("TagValue") ?? throw KmsErrors.Required("tagValue"))).ToList();

    public static JsonArray TagList(IEnumerable<KeyValuePair<string, string>> tags) =>
        new([.. tags.Select(t => new JsonObject { ["TagKey"] = t.Key, ["TagValue"] = t.Value })]);

    /// <summary>KMS pages with <c>Limit</c>/<c>Marker</c> in, <c>Truncated</c>/<c>NextMarker</c> out.</summary>
    public static PageRequest Page(JsonElement json) => KeyTags.Page(json.Int("Limit"), json.String("Marker"));

    public static JsonObject WithPaging<T>(this JsonObject json, Page<T> page)
    {
        json["Truncated"] = page.IsTruncated;
        AddIfSet(json, "NextMarker", page.NextToken);
        return json;
    }
}
