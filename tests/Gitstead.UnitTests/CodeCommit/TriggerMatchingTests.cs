using System.Text.Json.Nodes;
using Gitstead.CodeCommit.Repositories;
using Xunit;

namespace Gitstead.UnitTests.CodeCommit;

/// <summary>Which ref changes fire a trigger, and the record CodeCommit sends for them.</summary>
public sealed class TriggerMatchingTests
{
    private const string A = "1111111111111111111111111111111111111111";
    private const string B = "2222222222222222222222222222222222222222";

    [Theory]
    [InlineData("refs/heads/main", A, B, new string[0], new[] { "all" }, true)]
    [InlineData("refs/heads/main", A, B, new[] { "main" }, new[] { "updateReference" }, true)]
    [InlineData("refs/heads/main", A, B, new[] { "main" }, new[] { "createReference" }, false)]
    [InlineData("refs/heads/main", ReferenceChange.ZeroId, B, new[] { "main" }, new[] { "createReference" }, true)]
    [InlineData("refs/heads/main", A, ReferenceChange.ZeroId, new[] { "main" }, new[] { "deleteReference" }, true)]
    [InlineData("refs/heads/dev", A, B, new[] { "main" }, new[] { "all" }, false)]
    [InlineData("refs/tags/v1", ReferenceChange.ZeroId, B, new[] { "v1" }, new[] { "all" }, false)]
    public void Matches_BranchAndEvent(string refName, string oldId, string newId, string[] branches, string[] events, bool expected)
    {
        var trigger = new RepositoryTriggerInfo("t", "arn:aws:sns:us-east-1:111122223333:t", null, branches, events);

        Assert.Equal(expected, TriggerQueue.Matches(trigger, new ReferenceChange(refName, oldId, newId)));
    }

    [Fact]
    public void Record_HasCodeCommitsFields_AndTheOldCommitForADeletedBranch()
    {
        var trigger = new RepositoryTriggerInfo("t", "arn:aws:sns:us-east-1:111122223333:t", null, [], ["all"]);
        var now = new DateTime(2026, 1, 2, 3, 4, 5, 600, DateTimeKind.Utc);

        var body = TriggerQueue.Record("us-east-1", "arn:aws:codecommit:us-east-1:111122223333:r", "cfg", trigger, "arn:aws:iam::111122223333:root",
            "ReferenceChanges", [new ReferenceChange("refs/heads/x", A, ReferenceChange.ZeroId)], now);
        var record = JsonNode.Parse(body)!["Records"]![0]!.AsObject();

        Assert.Equal("2026-01-02T03:04:05.600+0000", (string)record["eventTime"]!);
        Assert.False(record.ContainsKey("customData"));
        Assert.Equal(A, (string)record["codecommit"]!["references"]![0]!["commit"]!);
        Assert.True((bool)record["codecommit"]!["references"]![0]!["deleted"]!);
        Assert.Equal(
            ["awsRegion", "codecommit", "eventId", "eventName", "eventPartNumber", "eventSource", "eventSourceARN", "eventTime", "eventTotalParts",
             "eventTriggerConfigId", "eventTriggerName", "eventVersion", "userIdentityARN"],
            record.Select(p => p.Key));
    }
}
