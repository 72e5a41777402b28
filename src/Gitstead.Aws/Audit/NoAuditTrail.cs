namespace Gitstead.Aws;

/// <summary>The trail of a host without the Audit area (tools and tests that compose a few areas): records nothing.</summary>
internal sealed class NoAuditTrail : IAuditTrail
{
    public bool IsEnabled => false;

    public ValueTask RecordAsync(AuditEvent auditEvent) => ValueTask.CompletedTask;
}
