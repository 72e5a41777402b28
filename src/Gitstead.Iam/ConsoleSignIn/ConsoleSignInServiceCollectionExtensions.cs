using Gitstead.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gitstead.Iam.ConsoleSignIn;

public static class ConsoleSignInServiceCollectionExtensions
{
    /// <summary>Registers console sign-in (<see cref="ConsoleSignInService"/>), its throttle, and the Git sign-in throttle (<see cref="GitSignInThrottle"/>).</summary>
    public static IServiceCollection AddConsoleSignIn(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SignInThrottle(sp.GetRequiredService<IGitsteadDb>(), sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<GitSignInOptions>().BindConfiguration("Gitstead:GitSignIn");
        services.TryAddSingleton(sp => new GitSignInThrottle(new SignInThrottle(
            sp.GetRequiredService<IGitsteadDb>(), sp.GetRequiredService<TimeProvider>(),
            GitSignInThrottle.Rules(sp.GetRequiredService<IOptions<GitSignInOptions>>().Value))));
        services.TryAddSingleton(sp => new ConsoleSignInService(sp.GetRequiredService<IGitsteadDb>(), sp.GetRequiredService<SignInThrottle>()));
        return services;
    }
}
