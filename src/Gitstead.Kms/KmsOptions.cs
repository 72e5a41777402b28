using System.ComponentModel.DataAnnotations;

namespace Gitstead.Kms;

/// <summary>Section <c>Kms</c>.</summary>
public sealed class KmsOptions
{
    public const string Section = "Kms";

    /// <summary>
    /// How often every node destroys keys past their deletion date and rotates keys that are due
    /// (both also happen when such a key is next used).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Kms:SweepInterval must lie between 00:00:01 and 1.00:00:00.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(15);
}
