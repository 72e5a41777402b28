using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;

namespace Gitstead.IntegrationTests.Audit;

/// <summary>Looking events up with the real clients; events are stored by a background writer, so a lookup waits for them.</summary>
public static class AuditSteps
{
    public const string AdministratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess";

    /// <summary>An IAM user with the given managed policies and an access key.</summary>
    public static async Task<(string UserName, Credentials Key)> NewApiUserAsync(this GitsteadServer server, string prefix, params string[] policyArns)
    {
        var name = GitsteadServer.UniqueName(prefix);
        await server.CreateUserAsync(name);
        foreach (var arn in policyArns)
        {
            (await server.Boto3Async(server.Root, "iam", "AttachUserPolicy", new { UserName = name, PolicyArn = arn })).Ok();
        }

        return (name, await server.CreateAccessKeyAsync(name));
    }

    /// <summary>
    /// <c>aws cloudtrail lookup-events</c> with one attribute, as the root, until
    /// <paramref name="found"/> holds for the events (the writer stores them a moment after the call).
    /// The waiting is done with boto3's LookupEvents (cheap to repeat); the events returned are the
    /// aws CLI's, from a call made once boto3 has seen them.
    /// </summary>
    public static async Task<JsonArray> LookupUntilAsync(this GitsteadServer server, string key, string value, Func<JsonArray, bool> found)
    {
        JsonArray events = [];
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var polled = (await server.Boto3Async(server.Root, "cloudtrail", "LookupEvents",
                new { LookupAttributes = new[] { new { AttributeKey = key, AttributeValue = value } } })).Ok();
            if (found(polled["Events"]!.AsArray()))
            {
                var result = (await server.RunAwsAsync(server.Root, "cloudtrail", "lookup-events",
                    "--lookup-attributes", $"AttributeKey={key},AttributeValue={value}")).Ok();
                events = result["Events"]!.AsArray();
                if (found(events))
                {
                    return events;
                }
            }

            await Task.Delay(100);
        }

        return events;
    }

    /// <summary>The CloudTrail record of a looked-up event.</summary>
    public static JsonObject Record(JsonNode lookedUp) => JsonNode.Parse((string)lookedUp["CloudTrailEvent"]!)!.AsObject();

    public static IEnumerable<JsonObject> Records(JsonArray events) => events.Select(e => Record(e!));
}
