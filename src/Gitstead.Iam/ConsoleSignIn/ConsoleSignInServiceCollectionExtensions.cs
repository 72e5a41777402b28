using Gitstead.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gitstead.Iam.ConsoleSignIn;

public static class ConsoleSignInServiceCollectionExtensions
{
    /// <summary>Registers console sign-in (<see cref="ConsoleSignInService"/>) and its throttle.</summary>
    public static IServiceCollection AddConsoleSignIn(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SignInThrottle(sp.GetRequiredService<IGitsteadDb>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ConsoleSignInService(sp.GetRequiredService<IGitsteadDb>(), sp.GetRequiredService<SignInThrottle>()));
        return services;
    }
}
