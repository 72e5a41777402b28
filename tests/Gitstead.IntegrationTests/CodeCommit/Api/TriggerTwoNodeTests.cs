using System.Text;
using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// Two nodes poll one trigger queue: records queued while the receiver is down are retried by
/// both, and once it is up each record arrives exactly once (rows are claimed with UPDATE … WHERE).
/// </summary>
public sealed class TriggerTwoNodeTests(TwoTriggerNodes nodes) : IClassFixture<TwoTriggerNodes>
{
    [Fact]
    public async Task RecordsQueuedOnTwoNodes_AreEachDeliveredOnce()
    {
        var server = nodes.First;
        var name = GitsteadServer.UniqueName("trig2");
        await server.CreateRepositoryAsync(name);
        var triggers = Enumerable.Range(0, 10)
            .Select(i => new { name = $"t{i}", destinationArn = server.Triggers.Topic("late"), branches = Array.Empty<string>(), events = new[] { "all" } })
            .ToArray();
        (await server.Boto3Async(server.Root, "codecommit", "PutRepositoryTriggers", new { repositoryName = name, triggers })).Ok();
        var first = (await server.Boto3Async(server.Root, "codecommit", "PutFile", new { repositoryName = name, branchName = "main", filePath = "a.txt", fileContent = Blob("a") })).Ok();
        (await server.Boto3Async(server.Root, "codecommit", "PutFile",
            new { repositoryName = name, branchName = "main", filePath = "b.txt", fileContent = Blob("b"), parentCommitId = (string)first["commitId"]! })).Ok();
        await Task.Delay(TimeSpan.FromSeconds(1));

        using var receiver = new TriggerReceiver(server.Triggers.LatePort, "late");
        var eventIds = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            eventIds.Add((string)JsonNode.Parse(await receiver.NextAsync(TimeSpan.FromSeconds(20)))!["Records"]![0]!["eventId"]!);
        }

        Assert.Equal(20, eventIds.Distinct().Count());
        await Assert.ThrowsAsync<TimeoutException>(() => receiver.NextAsync(TimeSpan.FromSeconds(2)));
    }

    private static Dictionary<string, string> Blob(string text) => new() { ["$base64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) };
}
