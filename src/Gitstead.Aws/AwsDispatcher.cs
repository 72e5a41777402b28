using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gitstead.Aws;

/// <summary>
/// The single API endpoint (<c>POST /</c>, and <c>GET /</c> for presigned Query calls):
/// picks the service by <c>X-Amz-Target</c> or by <c>Action</c> plus the credential scope,
/// authenticates, runs the operation, and renders the answer or the error.
/// </summary>
internal sealed partial class AwsDispatcher(
    IEnumerable<AwsServiceDefinition> services,
    IAwsRequestAuthenticator authenticator,
    ApiConcurrencyLimiter limiter,
    IAuditTrail audit,
    IOptions<RegionOptions> regions,
    TimeProvider time,
    ILogger<AwsDispatcher> logger)
{
    private readonly AwsServiceDefinition[] _services = services.ToArray();

    public async Task HandleAsync(HttpContext http)
    {
        var requestId = Guid.NewGuid().ToString();
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        var protocol = http.Request.Headers.ContainsKey("X-Amz-Target") ? AwsProtocol.Json : AwsProtocol.Query;
        using var slot = await limiter.EnterAsync(http);
        if (slot is null)
        {
            // Before the body is read, and not audited: a flood must cost the server as little as possible.
            LogThrottled();
            await AwsResponseWriter.WriteErrorAsync(http.Response, protocol, null, Throttled(protocol), requestId);
            return;
        }

        AwsServiceDefinition? service = null;
        var operation = "";
        var audited = new AuditedCall(regions.Value.DefaultRegion);
        try
        {
            var body = await ReadBodyAsync(http.Request, MaxBodyBytes(http.Request, protocol));
            (service, operation, var query, var json) = Route(http.Request, body.Span, protocol);
            audited.Parameters = audit.IsEnabled ? ApiAudit.Parameters(protocol, query, json) : null;
            var signed = await authenticator.AuthenticateAsync(http.Request, body, service.SigningName, http.RequestAborted);
            audited.Caller = signed.Caller;
            audited.Region = signed.Region;
            if (service.RequiresMfaForSessions && signed.Caller is { IsTemporary: true, MultiFactorAuthPresent: false })
            {
                throw new AwsAuthenticationException(AuthenticationFailure.InvalidClientTokenId,
                    $"The security token included in the request is invalid: session credentials obtained without MFA cannot call {service.SigningName.ToUpperInvariant()}.");
            }

            var call = new CallContext(signed.Caller, RequestOrigin.FromHttp(http, signed.Region, time));
            var context = new AwsRequestContext(http, service, operation, call, query, json, requestId);
            var result = await service.Operations[operation](context);
            await RecordAsync(http, service, operation, audited, requestId);
            await AwsResponseWriter.WriteResultAsync(http.Response, service, operation, result, requestId);
            LogCall(service.SigningName, operation, 200, signed.Caller.Arn);
        }
        catch (AwsAuthenticationException ex)
        {
            await FailAsync(http, protocol, service, operation, audited, ex.ToServiceException(protocol), requestId);
        }
        catch (AccessDeniedException ex)
        {
            await FailAsync(http, protocol, service, operation, audited, ex.ToServiceException(protocol), requestId);
        }
        catch (AwsServiceException ex)
        {
            await FailAsync(http, protocol, service, operation, audited, ex, requestId);
        }
        catch (BadHttpRequestException ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            // Kestrel refused the request itself (a Content-Length the body does not match, a body
            // over the server's limit, a malformed chunk): the client's fault, in the client's format.
            var code = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "RequestEntityTooLarge" : "MalformedHttpRequest";
            await FailAsync(http, protocol, service, operation, audited,
                new AwsServiceException(code, $"The HTTP request could not be read: {ex.Message}", ex.StatusCode), requestId);
        }
        catch (Exception ex) when (DatabaseUnavailable.Is(ex) && !http.RequestAborted.IsCancellationRequested)
        {
            // AWS's common error for a temporary failure of the service: clients retry it.
            LogDatabaseUnavailable(service?.SigningName ?? "?", operation, ex.GetBaseException().Message);
            await FailAsync(http, protocol, service, operation, audited,
                new AwsServiceException("ServiceUnavailable", DatabaseUnavailable.Message, 503, senderFault: false), requestId);
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            LogFailure(ex, service?.SigningName ?? "?", operation);
            var failure = protocol == AwsProtocol.Query
                ? new AwsServiceException("ServiceFailure", "We encountered an internal error. Please try again.", 500, senderFault: false)
                : new AwsServiceException("InternalFailure", "We encountered an internal error. Please try again.", 500, senderFault: false);
            await FailAsync(http, protocol, service, operation, audited, failure, requestId);
        }
    }

    /// <summary>
    /// Queues the call's event before its answer is written, so that a LookupEvents the client
    /// sends after the answer finds it (<c>AuditWriter</c> stores what is queued before a lookup).
    /// Calls that name no service (an unknown target) are not recorded: no trail could say whose they were.
    /// A call is recorded once: when writing a success fails, the event stays the success's.
    /// </summary>
    private ValueTask RecordAsync(HttpContext http, AwsServiceDefinition? service, string operation, AuditedCall audited, string requestId)
    {
        if (service is null || !audit.IsEnabled || audited.Recorded)
        {
            return ValueTask.CompletedTask;
        }

        audited.Recorded = true;
        return audit.RecordAsync(ApiAudit.Create(
            http, service, operation, audited.Caller, audited.Region, audited.Parameters, audited.Error, requestId, time.GetUtcNow()));
    }

    /// <summary>
    /// The throttling error of the client's protocol, as AWS sends it: botocore's retry handlers
    /// (legacy and standard modes) back off and retry both codes at HTTP 400.
    /// </summary>
    private static AwsServiceException Throttled(AwsProtocol protocol) => protocol == AwsProtocol.Json
        ? new AwsServiceException("ThrottlingException", "Rate exceeded")
        : new AwsServiceException("Throttling", "Rate exceeded");

    private async Task FailAsync(
        HttpContext http, AwsProtocol protocol, AwsServiceDefinition? service, string operation, AuditedCall audited, AwsServiceException error, string requestId)
    {
        audited.Error = error;
        await RecordAsync(http, service, operation, audited, requestId);
        LogError(service?.SigningName ?? "?", operation, error.StatusCode, error.Code);
        if (!http.Response.HasStarted)
        {
            await AwsResponseWriter.WriteErrorAsync(http.Response, protocol, service?.XmlNamespace, error, requestId);
        }
    }

    private (AwsServiceDefinition Service, string Operation, QueryArgs Query, JsonElement Json) Route(
        HttpRequest request, ReadOnlySpan<byte> body, AwsProtocol protocol)
    {
        if (protocol == AwsProtocol.Json)
        {
            var target = request.Headers["X-Amz-Target"].ToString();
            var dot = target.LastIndexOf('.');
            var prefix = dot < 0 ? target : target[..dot];
            var op = dot < 0 ? "" : target[(dot + 1)..];
            var service = _services.FirstOrDefault(s => s.Protocol == AwsProtocol.Json && s.TargetPrefix == prefix)
                ?? throw new AwsServiceException("UnknownOperationException", $"Unknown target {target}");
            if (!service.Operations.ContainsKey(op))
            {
                throw new AwsServiceException("UnknownOperationException", $"Unknown operation {op}");
            }

            return (service, op, QueryArgs.Empty, ParseJson(body));
        }

        var form = ParseForm(request, body);
        var action = form.GetValueOrDefault("Action");
        var version = form.GetValueOrDefault("Version");
        var scopeService = authenticator.PeekService(request);
        var candidates = _services.Where(s => s.Protocol == AwsProtocol.Query).ToArray();
        var queryService = candidates.FirstOrDefault(s => s.SigningName == scopeService)
            ?? candidates.FirstOrDefault(s => s.ApiVersion == version)
            ?? throw new AwsServiceException("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
        if (string.IsNullOrEmpty(action))
        {
            throw new AwsServiceException("MissingAction", "Missing Action", 400);
        }

        if (!queryService.Operations.ContainsKey(action))
        {
            throw new AwsServiceException("InvalidAction", $"Could not find operation {action} for version {version ?? queryService.ApiVersion}", 400);
        }

        CheckCharacters(form);
        return (queryService, action, new QueryArgs(form), default);
    }

    /// <summary>
    /// Every Query (IAM, STS) member's model pattern excludes the C0 controls other than tab, LF
    /// and CR, and NUL cannot be stored in PostgreSQL text: such a value is refused here, before
    /// any operation could store what XML cannot return.
    /// </summary>
    private static void CheckCharacters(Dictionary<string, string> form)
    {
        foreach (var (key, value) in form)
        {
            var bad = AwsResponseWriter.IndexOfInvalidXmlChar(value);
            if (bad >= 0)
            {
                throw Validation.Error(
                    $"Value at '{Validation.Field(key)}' failed to satisfy constraint: Member must not contain the character U+{(int)value[bad]:X4}");
            }
        }
    }

    private static Dictionary<string, string> ParseForm(HttpRequest request, ReadOnlySpan<byte> body)
    {
        var text = body.Length > 0 ? Encoding.UTF8.GetString(body) : request.QueryString.Value ?? "";
        var parsed = QueryHelpers.ParseQuery(text);
        var form = new Dictionary<string, string>(parsed.Count, StringComparer.Ordinal);
        foreach (var (key, value) in parsed)
        {
            if (!key.StartsWith("X-Amz-", StringComparison.Ordinal))
            {
                form[key] = value.ToString();
            }
        }

        return form;
    }

    /// <summary>
    /// Nesting allowed in a JSON request body: the deepest CodeCommit and KMS request shapes are a
    /// few levels deep, and a deeper body is refused before anything walks it recursively.
    /// </summary>
    internal const int MaxJsonDepth = 32;

    private static readonly JsonReaderOptions s_jsonOptions = new() { MaxDepth = MaxJsonDepth };

    internal static JsonElement ParseJson(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return JsonDocument.Parse("{}").RootElement;
        }

        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            // Utf8JsonReader checks the encoding of a string only when it is read: every later
            // read (operation, audit) would throw, so an invalid body is refused here, once.
            throw new AwsServiceException("SerializationException", "The request body is not valid UTF-8.");
        }

        try
        {
            RequireReadableStrings(body);
            var reader = new Utf8JsonReader(body, s_jsonOptions);
            var element = JsonElement.ParseValue(ref reader);
            return element.ValueKind == JsonValueKind.Object
                ? element
                : throw new AwsServiceException("SerializationException", "Start of structure or map found where not expected.");
        }
        catch (JsonException)
        {
            throw new AwsServiceException("SerializationException", "The request body could not be parsed as JSON.");
        }
    }

    /// <summary>
    /// An escaped lone surrogate (<c>"\ud800"</c>) is valid JSON but no string: every later read
    /// of it (operation, audit) would throw, so the body is refused once, here. Only escaped
    /// strings are decoded, so a large base64 blob costs one scan and no copy.
    /// </summary>
    private static void RequireReadableStrings(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, s_jsonOptions);
        while (reader.Read())
        {
            if (reader.TokenType is (JsonTokenType.PropertyName or JsonTokenType.String) && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw new AwsServiceException("SerializationException", "The request body contains a string that is not valid UTF-16 (a lone surrogate escape).");
                }
            }
        }
    }

    /// <summary>The body limit of the JSON operation the target header names (known before the body is read); the default for every other request.</summary>
    private int MaxBodyBytes(HttpRequest request, AwsProtocol protocol)
    {
        if (protocol != AwsProtocol.Json)
        {
            return AwsServiceDefinition.DefaultMaxBodyBytes;
        }

        var target = request.Headers["X-Amz-Target"].ToString();
        var dot = target.LastIndexOf('.');
        var service = dot < 0 ? null : _services.FirstOrDefault(s => s.Protocol == AwsProtocol.Json && s.TargetPrefix == target[..dot]);
        return service?.MaxBodyBytes(target[(dot + 1)..]) ?? AwsServiceDefinition.DefaultMaxBodyBytes;
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, int maxBodyBytes)
    {
        if (request.ContentLength > maxBodyBytes)
        {
            throw new AwsServiceException("RequestEntityTooLarge", "Request body is too large.", 413);
        }

        // With a declared length the buffer is that length and one byte more, for the read that
        // finds the end: asking for 4 KiB free near the end would double the buffer (a 7 MB
        // PutFile body would allocate 21 MB more), which under the heap cap was an
        // OutOfMemoryException. Without one it grows as the body comes.
        var declared = request.ContentLength;
        var buffer = new ArrayBufferWriter<byte>(declared is { } n ? (int)n + 1 : 1024);
        var sizeHint = declared is null ? 4096 : 0;
        while (true)
        {
            var memory = buffer.GetMemory(sizeHint);
            var read = await request.Body.ReadAsync(memory, request.HttpContext.RequestAborted);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBodyBytes)
            {
                throw new AwsServiceException("RequestEntityTooLarge", "Request body is too large.", 413);
            }
        }
    }

    /// <summary>What the audit record of a call needs, filled in as the call goes.</summary>
    private sealed class AuditedCall(string region)
    {
        public string Region { get; set; } = region;

        public Caller? Caller { get; set; }

        public System.Text.Json.Nodes.JsonObject? Parameters { get; set; }

        public AwsServiceException? Error { get; set; }

        public bool Recorded { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API request throttled: over the per-caller or total concurrency limit (Gitstead:ApiLimits)")]
    private partial void LogThrottled();

    // One line per call only at Debug: every call is in the audit trail already (and in its
    // JSON-lines file when the operator wants a stream), and at Information a line per call
    // cost about 5 % of the server's CPU under API load (formatting, the console queue, one
    // write per line).
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Service}.{Operation} {Status} by {Principal}")]
    private partial void LogCall(string service, string operation, int status, string principal);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Service}.{Operation} {Status} {ErrorCode}")]
    private partial void LogError(string service, string operation, int status, string errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service}.{Operation} 503: the database cannot be reached ({Reason})")]
    private partial void LogDatabaseUnavailable(string service, string operation, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Service}.{Operation} failed unexpectedly")]
    private partial void LogFailure(Exception exception, string service, string operation);
}
