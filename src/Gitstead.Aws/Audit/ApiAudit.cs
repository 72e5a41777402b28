using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Gitstead.Aws;

/// <summary>The audit record of one API call, made by the dispatcher whether the call succeeded or not.</summary>
internal static class ApiAudit
{
    /// <summary>Prefixes of operations that change nothing (CloudTrail's <c>readOnly</c>).</summary>
    private static readonly string[] ReadOnlyPrefixes = ["Get", "List", "Describe", "Lookup", "BatchGet", "BatchDescribe", "Evaluate", "Generate", "Encrypt", "Decrypt", "ReEncrypt"];

    public static bool IsReadOnly(string operation)
    {
        // A loop, not a lambda over the prefixes: this runs on every call.
        foreach (var prefix in ReadOnlyPrefixes)
        {
            if (operation.StartsWith(prefix, StringComparison.Ordinal))
            {
                return operation != "GenerateCredentialReport";
            }
        }

        return false;
    }

    /// <summary>The event of a call; <paramref name="caller"/> is null when authentication failed.</summary>
    public static AuditEvent Create(
        HttpContext http,
        AwsServiceDefinition? service,
        string operation,
        Caller? caller,
        string region,
        JsonObject? parameters,
        AwsServiceException? error,
        string requestId,
        DateTimeOffset time)
    {
        var userAgent = http.Request.Headers.UserAgent.ToString();
        var origin = new RequestOrigin(region, http.Connection.RemoteIpAddress, http.Request.IsHttps, time);
        return new AuditEvent
        {
            EventTime = time,
            EventSource = service?.EventSource ?? "unknown.amazonaws.com",
            EventName = operation.Length > 0 ? operation : "Unknown",
            AwsRegion = region,
            UserIdentity = caller is null ? AuditIdentity.Unknown(null, null, null) : AuditIdentity.Of(caller),
            SourceIpAddress = origin.SourceAddress,
            UserAgent = userAgent.Length > 0 ? userAgent : null,
            ReadOnly = IsReadOnly(operation),
            RequestParameters = parameters,
            ErrorCode = error?.Code,
            ErrorMessage = error?.Message,
            RequestId = requestId,
            Resources = caller is null ? [] : Resources(service, caller, region, parameters),
        };
    }

    /// <summary>The request's parameters, secrets removed.</summary>
    public static JsonObject? Parameters(AwsProtocol protocol, QueryArgs query, JsonElement json) =>
        protocol == AwsProtocol.Query ? AuditRedaction.FromForm(query.Values) : AuditRedaction.FromJson(json);

    /// <summary>The resource the call names, for LookupEvents' ResourceType and ResourceName.</summary>
    private static IReadOnlyList<AuditResource> Resources(AwsServiceDefinition? service, Caller caller, string region, JsonObject? parameters)
    {
        string? Member(string name) => parameters?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        switch (service?.SigningName)
        {
            case "codecommit" when Member("repositoryName") is { } repository:
                return [new AuditResource("AWS::CodeCommit::Repository", repository, Arns.Repository(region, caller.AccountId, repository))];
            case "iam" when Member("userName") is { } user:
                return [new AuditResource("AWS::IAM::User", user, null)];
            case "iam" when Member("groupName") is { } group:
                return [new AuditResource("AWS::IAM::Group", group, null)];
            case "kms" when Member("keyId") is { } key:
                return [new AuditResource("AWS::KMS::Key", key, null)];
            default:
                return [];
        }
    }
}
