using System.Threading.Channels;
using Gitstead.Aws;
using Microsoft.Extensions.Options;

namespace Gitstead.Audit;

/// <summary>
/// The <see cref="IAuditTrail"/> every area records into: a bounded queue, drained by
/// <see cref="AuditWriter"/>. Recording returns at once while there is room; when the writer
/// falls behind, it waits for room instead of dropping the event.
/// </summary>
internal sealed class AuditQueue(IOptions<AuditOptions> options) : IAuditTrail
{
    private readonly Channel<AuditEvent> _channel = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly bool _enabled = options.Value.Enabled;

    public ChannelReader<AuditEvent> Reader => _channel.Reader;

    public bool IsEnabled => _enabled;

    public ValueTask RecordAsync(AuditEvent auditEvent) =>
        !_enabled || _channel.Writer.TryWrite(auditEvent) ? ValueTask.CompletedTask : WaitAndWriteAsync(auditEvent);

    /// <summary>Whether <see cref="Complete"/> was called: no event comes after those queued.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>No more events: the writer stores what is queued and ends.</summary>
    public void Complete()
    {
        IsCompleted = true;
        _channel.Writer.TryComplete();
    }

    private async ValueTask WaitAndWriteAsync(AuditEvent auditEvent)
    {
        try
        {
            await _channel.Writer.WriteAsync(auditEvent);
        }
        catch (ChannelClosedException)
        {
            // Recorded after the host stopped (a request still finishing as the process ends): nothing stores it any more.
        }
    }
}
