namespace Gitstead.Storage.Entities;

/// <summary>
/// Failed console sign-ins counted per key (a user of an account, or a client address), in
/// the database so every node throttles the same way.
/// </summary>
public sealed class SignInFailures
{
    /// <summary><c>user:ACCOUNT:name</c>, <c>root:EMAIL</c> or <c>ip:ADDRESS</c>.</summary>
    public required string Key { get; set; }

    /// <summary>Failures since <see cref="WindowStart"/>.</summary>
    public int Failures { get; set; }

    public DateTime WindowStart { get; set; }

    /// <summary>No sign-in under this key is checked before this time.</summary>
    public DateTime? BlockedUntil { get; set; }
}
