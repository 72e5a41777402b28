using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gitstead.CodeCommit.Ssh;

/// <summary>
/// Part of <c>/healthz</c>: unhealthy while Git over SSH should be served and sshd does not listen
/// yet, so that a server reported ready takes SSH connections too.
/// </summary>
internal sealed class SshHealthCheck(SshDaemon daemon) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(daemon.IsReady ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("sshd is not listening yet"));
}
