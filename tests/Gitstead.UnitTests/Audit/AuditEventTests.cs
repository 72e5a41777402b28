using System.Text.Json.Nodes;
using Gitstead.Aws;
using Xunit;

namespace Gitstead.UnitTests.Audit;

public sealed class AuditEventTests
{
    [Fact]
    public void ToRecordJson_WritesCloudTrailsFieldsInItsOrder_Escaped()
    {
        // Arrange
        var time = new DateTimeOffset(2026, 12, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var e = new AuditEvent
        {
            EventId = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
            EventTime = time,
            EventSource = "codecommit.amazonaws.com",
            EventName = "GetRepository",
            AwsRegion = "eu-west-1",
            UserIdentity = new AuditIdentity("IAMUser", "AIDAEXAMPLE", "arn:aws:iam::123456789012:user/dev", "123456789012", "AKIAEXAMPLE", "dev"),
            SourceIpAddress = "192.0.2.1",
            UserAgent = "agent <é>",
            ReadOnly = true,
            RequestParameters = new JsonObject { ["repositoryName"] = "web" },
            ErrorCode = "RepositoryDoesNotExistException",
            ErrorMessage = "web does not exist",
            RequestId = "r-1",
            Resources = [new AuditResource("AWS::CodeCommit::Repository", "web", "arn:aws:codecommit:eu-west-1:123456789012:web")],
        };

        // Act
        var json = e.ToRecordJson();

        // Assert
        Assert.Equal(
            """{"eventVersion":"1.11","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::123456789012:user/dev","accountId":"123456789012","accessKeyId":"AKIAEXAMPLE","userName":"dev"},"eventTime":"2026-12-05T06:07:08Z","eventSource":"codecommit.amazonaws.com","eventName":"GetRepository","awsRegion":"eu-west-1","sourceIPAddress":"192.0.2.1","userAgent":"agent \u003C\u00E9\u003E","errorCode":"RepositoryDoesNotExistException","errorMessage":"web does not exist","requestParameters":{"repositoryName":"web"},"responseElements":null,"requestID":"r-1","eventID":"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b","readOnly":true,"resources":[{"ARN":"arn:aws:codecommit:eu-west-1:123456789012:web","accountId":"123456789012","type":"AWS::CodeCommit::Repository"}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012","eventCategory":"Management"}""",
            json);
    }

    [Fact]
    public void EventId_Unset_IsAVersion7UuidOfTheEventsMillisecond()
    {
        // Arrange
        var time = new DateTimeOffset(2026, 12, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var e = new AuditEvent
        {
            EventTime = time,
            EventSource = "sts.amazonaws.com",
            EventName = "GetCallerIdentity",
            AwsRegion = "us-east-1",
            UserIdentity = AuditIdentity.Unknown(null, null, null),
        };

        // Act
        var id = Guid.Parse(e.EventId);

        // Assert
        Assert.Equal(7, id.Version);
        Assert.Equal(e.EventId, e.EventId);
        Assert.Equal(time.UtcDateTime, Gitstead.Audit.AuditChunks.EventIdTime(e.EventId));
        Assert.NotEqual(e.EventId, new AuditEvent { EventTime = time, EventSource = "s", EventName = "n", AwsRegion = "r", UserIdentity = e.UserIdentity }.EventId);
    }
}
