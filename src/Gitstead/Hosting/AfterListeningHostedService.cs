using Gitstead.Aws.Hosting;

namespace Gitstead.Hosting;

/// <summary>
/// Starts an <see cref="IStartsAfterListening"/> service once the application has started, so the
/// sweeps' first queries run after the port listens rather than beside Kestrel's start.
/// </summary>
internal sealed class AfterListeningHostedService(IHostedService inner, IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _started = Task.CompletedTask;
    private CancellationTokenRegistration _registration;

    /// <summary>Wraps every hosted service registered by a type that asks for it.</summary>
    public static void Apply(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType == typeof(IHostedService) && descriptor.ImplementationType is { } type && typeof(IStartsAfterListening).IsAssignableFrom(type))
            {
                services[i] = ServiceDescriptor.Singleton<IHostedService>(sp => new AfterListeningHostedService(
                    (IHostedService)ActivatorUtilities.CreateInstance(sp, type), sp.GetRequiredService<IHostApplicationLifetime>()));
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = lifetime.ApplicationStarted.Register(() => _started = inner.StartAsync(_stopping.Token));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _registration.DisposeAsync();
        await _stopping.CancelAsync();
        try
        {
            await _started;
        }
        catch (OperationCanceledException)
        {
            // stopped before it had started
        }

        await inner.StopAsync(cancellationToken);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        (inner as IDisposable)?.Dispose();
    }
}
