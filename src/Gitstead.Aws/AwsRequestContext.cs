using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Gitstead.Aws;

/// <summary>
/// Everything a handler needs about one API call, already authenticated: the parsed body, and
/// the <see cref="CallContext"/> it hands to the service, which authorizes the call itself.
/// </summary>
public sealed class AwsRequestContext
{
    internal AwsRequestContext(
        HttpContext http,
        AwsServiceDefinition service,
        string operation,
        CallContext call,
        QueryArgs query,
        JsonElement json,
        string requestId)
    {
        Http = http;
        Service = service;
        Operation = operation;
        Call = call;
        Query = query;
        Json = json;
        RequestId = requestId;
    }

    public HttpContext Http { get; }

    public AwsServiceDefinition Service { get; }

    public string Operation { get; }

    /// <summary>Who is calling, from where: what services take.</summary>
    public CallContext Call { get; }

    public Caller Caller => Call.Caller;

    /// <summary>The region of the SigV4 credential scope.</summary>
    public string Region => Call.Region;

    /// <summary>Form parameters of a Query-protocol call (empty for JSON).</summary>
    public QueryArgs Query { get; }

    /// <summary>The body of a JSON-protocol call (an empty object for Query).</summary>
    public JsonElement Json { get; }

    public string RequestId { get; }

    public CancellationToken Aborted => Http.RequestAborted;
}
