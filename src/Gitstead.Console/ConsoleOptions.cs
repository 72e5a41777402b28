using System.ComponentModel.DataAnnotations;

namespace Gitstead.Console;

/// <summary>
/// The console's settings, section <c>Console</c>: how long a session may sit idle, how long it
/// may last at most, and how sign-in failures are throttled.
/// </summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>A session not used for this long ends (sliding).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "Console:IdleTimeout must lie between 1 minute and 1 day.")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A session ends this long after sign-in, however busy.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00", ErrorMessage = "Console:AbsoluteTimeout must lie between 5 minutes and 7 days.")]
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);
}
