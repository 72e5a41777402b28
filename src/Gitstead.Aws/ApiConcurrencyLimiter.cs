using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Gitstead.Aws;

/// <summary>
/// Limits on API requests in progress at once (<c>Gitstead:ApiLimits</c>): per caller, in
/// total, and how long a request over a limit waits before it is throttled.
/// </summary>
public sealed class ApiLimitOptions
{
    public const string Section = "Gitstead:ApiLimits";

    /// <summary>Requests of one caller (access key id; source address when unsigned) in progress at once.</summary>
    [Range(1, 1_000_000)]
    public int MaxPerCaller { get; set; } = 64;

    /// <summary>Requests in progress at once, for everyone.</summary>
    [Range(1, 1_000_000)]
    public int MaxTotal { get; set; } = 512;

    /// <summary>How long a request over a limit waits for another to finish before it is throttled.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// One slot per API request in progress, at most <see cref="ApiLimitOptions.MaxPerCaller"/> for
/// a caller and <see cref="ApiLimitOptions.MaxTotal"/> in all, so one client holding many slow
/// requests cannot take every thread, connection and database session. A caller is the access
/// key id the request names (not yet verified: a caller cannot take another's slots without
/// knowing its key id, and made-up key ids still count against the total); an unsigned request
/// counts against its source address. Counts are per node.
/// </summary>
internal sealed class ApiConcurrencyLimiter : IDisposable
{
    private const string CredentialField = "Credential=";

    private readonly PartitionedRateLimiter<HttpRequest> _limiter;
    private readonly TimeSpan _queueTimeout;

    public ApiConcurrencyLimiter(IOptions<ApiLimitOptions> options)
    {
        var limits = options.Value;
        _queueTimeout = limits.QueueTimeout;
        var perCaller = PartitionedRateLimiter.Create<HttpRequest, string>(request =>
            RateLimitPartition.GetConcurrencyLimiter(CallerKey(request), _ => Options(limits.MaxPerCaller)));
        var total = PartitionedRateLimiter.Create<HttpRequest, bool>(_ =>
            RateLimitPartition.GetConcurrencyLimiter(true, _ => Options(limits.MaxTotal)));
        _limiter = PartitionedRateLimiter.CreateChained(perCaller, total);
    }

    /// <summary>
    /// A slot for the request, released by disposing it; null when none freed up within the
    /// queue timeout (the dispatcher answers with AWS's throttling error, which clients retry).
    /// </summary>
    public async ValueTask<RateLimitLease?> EnterAsync(HttpContext http)
    {
        // The common case takes a free slot without waiting, timers or linked tokens.
        var lease = _limiter.AttemptAcquire(http.Request);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        if (_queueTimeout <= TimeSpan.Zero)
        {
            return null;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        wait.CancelAfter(_queueTimeout);
        try
        {
            lease = await _limiter.AcquireAsync(http.Request, 1, wait.Token);
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            return null;
        }

        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>
    /// The access key id of the SigV4 credential (header or presigned query), else the source
    /// address. Only the key id is read: nothing here parses or keeps a signature.
    /// </summary>
    internal static string CallerKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization;
        if (authorization.Count == 1 && KeyId(authorization[0]) is { } fromHeader)
        {
            return fromHeader;
        }

        if (request.QueryString.HasValue && request.Query["X-Amz-Credential"] is { Count: 1 } credential
            && KeyId(CredentialField + credential[0]) is { } fromQuery)
        {
            return fromQuery;
        }

        return "address:" + request.HttpContext.Connection.RemoteIpAddress;
    }

    private static string? KeyId(string? value)
    {
        var start = value?.IndexOf(CredentialField, StringComparison.Ordinal) ?? -1;
        if (start < 0)
        {
            return null;
        }

        start += CredentialField.Length;
        var end = value!.IndexOf('/', start);
        return end > start ? value[start..end] : null;
    }

    private static ConcurrencyLimiterOptions Options(int permits) => new()
    {
        PermitLimit = permits,
        QueueLimit = permits,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    };
}
