using System.Text.Json;
using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;

namespace Gitstead.CodeCommit.Api;

/// <summary>Repository triggers (botocore <c>codecommit/2015-04-13</c>): PutRepositoryTriggers, GetRepositoryTriggers, TestRepositoryTriggers.</summary>
internal sealed class TriggerApi(TriggerService triggers)
{
    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_PutRepositoryTriggers.html
    public async Task<AwsResult> PutRepositoryTriggersAsync(AwsRequestContext ctx)
    {
        var id = await triggers.PutAsync(ctx.Call, ctx.Json.String("repositoryName"), Triggers(ctx.Json), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["configurationId"] = id });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetRepositoryTriggers.html
    public async Task<AwsResult> GetRepositoryTriggersAsync(AwsRequestContext ctx)
    {
        var configuration = await triggers.GetAsync(ctx.Call, ctx.Json.String("repositoryName"), ctx.Aborted);
        var body = new JsonObject();
        if (configuration.ConfigurationId is not null)
        {
            body["configurationId"] = configuration.ConfigurationId;
        }

        body["triggers"] = new JsonArray([.. configuration.Triggers.Select(Trigger)]);
        return AwsResult.Json(body);
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_TestRepositoryTriggers.html
    public async Task<AwsResult> TestRepositoryTriggersAsync(AwsRequestContext ctx)
    {
        var result = await triggers.TestAsync(ctx.Call, ctx.Json.String("repositoryName"), Triggers(ctx.Json), ctx.Aborted);
        return AwsResult.Json(new JsonObject
        {
            ["successfulExecutions"] = new JsonArray([.. result.Successful.Select(s => (JsonNode)JsonValue.Create(s))]),
            ["failedExecutions"] = new JsonArray([.. result.Failed.Select(f => (JsonNode)new JsonObject { ["trigger"] = f.Trigger, ["failureMessage"] = f.Message })]),
        });
    }

    private static List<RepositoryTriggerInput>? Triggers(JsonElement json) =>
        json.ObjectList("triggers")?.Select(t => new RepositoryTriggerInput(
            t.String("name"), t.String("destinationArn"), t.String("customData"), t.StringList("branches"), t.StringList("events"))).ToList();

    private static JsonObject Trigger(RepositoryTriggerInfo trigger)
    {
        var node = new JsonObject { ["name"] = trigger.Name, ["destinationArn"] = trigger.DestinationArn };
        if (trigger.CustomData is not null)
        {
            node["customData"] = trigger.CustomData;
        }

        node["branches"] = new JsonArray([.. trigger.Branches.Select(b => (JsonNode)JsonValue.Create(b))]);
        node["events"] = new JsonArray([.. trigger.Events.Select(e => (JsonNode)JsonValue.Create(e))]);
        return node;
    }
}
