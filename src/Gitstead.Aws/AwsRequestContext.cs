using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Gitstead.Aws;

/// <summary>Everything a handler needs about one API call, already authenticated.</summary>
public sealed class AwsRequestContext
{
    private readonly IAuthorizer _authorizer;

    internal AwsRequestContext(
        HttpContext http,
        AwsServiceDefinition service,
        string operation,
        SignedRequestInfo signed,
        IAuthorizer authorizer,
        QueryArgs query,
        JsonElement json,
        string requestId)
    {
        Http = http;
        Service = service;
        Operation = operation;
        Caller = signed.Caller;
        Region = signed.Region;
        Query = query;
        Json = json;
        RequestId = requestId;
        _authorizer = authorizer;
    }

    public HttpContext Http { get; }

    public AwsServiceDefinition Service { get; }

    public string Operation { get; }

    public Caller Caller { get; }

    /// <summary>The region of the SigV4 credential scope.</summary>
    public string Region { get; }

    /// <summary>Form parameters of a Query-protocol call (empty for JSON).</summary>
    public QueryArgs Query { get; }

    /// <summary>The body of a JSON-protocol call (an empty object for Query).</summary>
    public JsonElement Json { get; }

    public string RequestId { get; }

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>
    /// Authorizes <paramref name="action"/> on <paramref name="resource"/> and throws the
    /// service's access-denied error, in AWS's message shape, when it is not allowed.
    /// </summary>
    public async ValueTask AuthorizeAsync(
        string action,
        string resource,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? conditionContext = null)
    {
        var keys = RequestConditionKeys(conditionContext);
        var decision = await _authorizer.AuthorizeAsync(Caller, action, resource, keys, Aborted);
        if (decision == AuthorizationDecision.Allow)
        {
            return;
        }

        throw AccessDenied(Service.Protocol, Caller, action, resource, decision);
    }

    /// <summary>
    /// The request's own global condition keys (source address, transport, region, time),
    /// merged with the operation's keys. The authorizer adds the principal's keys.
    /// </summary>
    private Dictionary<string, IReadOnlyList<string>> RequestConditionKeys(IReadOnlyDictionary<string, IReadOnlyList<string>>? extra)
    {
        var now = (Http.RequestServices.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System).GetUtcNow();
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["aws:SecureTransport"] = [Http.Request.IsHttps ? "true" : "false"],
            ["aws:RequestedRegion"] = [Region],
            ["aws:CurrentTime"] = [now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)],
            ["aws:EpochTime"] = [now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)],
        };
        if (Http.Connection.RemoteIpAddress is { } ip)
        {
            keys["aws:SourceIp"] = [(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString()];
        }

        if (extra is not null)
        {
            foreach (var (key, values) in extra)
            {
                keys[key] = values;
            }
        }

        return keys;
    }

    public static AwsServiceException AccessDenied(
        AwsProtocol protocol, Caller caller, string action, string resource, AuthorizationDecision decision)
    {
        var because = decision == AuthorizationDecision.ExplicitDeny
            ? "with an explicit deny in an identity-based policy"
            : $"because no identity-based policy allows the {action} action";
        var message = $"User: {caller.Arn} is not authorized to perform: {action} on resource: {resource} {because}";
        return protocol == AwsProtocol.Query
            ? new AwsServiceException("AccessDenied", message, 403)
            : new AwsServiceException("AccessDeniedException", message, 400);
    }
}
