using Gitstead.Audit;
using Gitstead.Aws;
using Microsoft.Extensions.Options;
using Xunit;

namespace Gitstead.UnitTests.Audit;

public sealed class AuditQueueTests
{
    private static AuditEvent Event(string name) => new()
    {
        EventTime = DateTimeOffset.UnixEpoch,
        EventSource = "iam.amazonaws.com",
        EventName = name,
        AwsRegion = "us-east-1",
        UserIdentity = new AuditIdentity("Root", "123456789012", "arn:aws:iam::123456789012:root", "123456789012", null, null),
    };

    [Fact]
    public async Task RecordAsync_Enabled_QueuesEachEventForTheWriter()
    {
        // Arrange
        var queue = new AuditQueue(Options.Create(new AuditOptions()));

        // Act
        await queue.RecordAsync(Event("CreateUser"));
        await queue.RecordAsync(Event("DeleteUser"));

        // Assert
        Assert.True(queue.Reader.TryRead(out var first));
        Assert.True(queue.Reader.TryRead(out var second));
        Assert.Equal(["CreateUser", "DeleteUser"], [first.EventName, second.EventName]);
    }

    [Fact]
    public async Task RecordAsync_Disabled_QueuesNothing_AndNeverWaitsForRoom()
    {
        // Arrange: a full queue would make an enabled trail wait for the writer.
        var queue = new AuditQueue(Options.Create(new AuditOptions { Enabled = false, QueueCapacity = 16 }));

        // Act
        for (var i = 0; i < 100; i++)
        {
            var recorded = queue.RecordAsync(Event("GetUser"));
            Assert.True(recorded.IsCompletedSuccessfully);
            await recorded;
        }

        // Assert
        Assert.False(queue.Reader.TryRead(out _));
    }
}
