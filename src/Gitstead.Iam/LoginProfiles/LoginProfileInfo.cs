using Gitstead.Storage.Entities;

namespace Gitstead.Iam.LoginProfiles;

/// <summary>A user's console password, as far as it may be shown: never the password or its hash.</summary>
/// <param name="UserName">The user the password belongs to.</param>
/// <param name="CreateDate">When the login profile was created (UTC).</param>
/// <param name="PasswordResetRequired">True when the user must choose a new password at the next sign-in.</param>
public sealed record LoginProfileInfo(string UserName, DateTime CreateDate, bool PasswordResetRequired);

/// <summary>
/// The account password policy: what UpdateAccountPasswordPolicy sets and
/// GetAccountPasswordPolicy shows. The update does not support partial changes: an omitted
/// setting takes its default (length 6, no requirement, no expiry).
/// </summary>
/// <param name="MinimumPasswordLength">6–128.</param>
/// <param name="RequireSymbols">At least one of <c>!@#$%^&amp;*()_+-=[]{}|'</c>.</param>
/// <param name="RequireNumbers">At least one digit.</param>
/// <param name="RequireUppercaseCharacters">At least one of A–Z.</param>
/// <param name="RequireLowercaseCharacters">At least one of a–z.</param>
/// <param name="AllowUsersToChangePassword">IAM users may change their own password (and read this policy) without a policy allowing it.</param>
/// <param name="MaxPasswordAge">Days a password is valid, 1–1095; null: passwords do not expire.</param>
/// <param name="PasswordReusePrevention">How many previous passwords may not be reused, 1–24; null: no rule.</param>
/// <param name="HardExpiry">An expired password cannot be changed by its user.</param>
public sealed record PasswordPolicyInfo(
    int MinimumPasswordLength,
    bool RequireSymbols,
    bool RequireNumbers,
    bool RequireUppercaseCharacters,
    bool RequireLowercaseCharacters,
    bool AllowUsersToChangePassword,
    int? MaxPasswordAge,
    int? PasswordReusePrevention,
    bool HardExpiry)
{
    /// <summary>True exactly when a maximum age is set.</summary>
    public bool ExpirePasswords => MaxPasswordAge > 0;

    internal static PasswordPolicyInfo From(AccountPasswordPolicy p) => new(
        p.MinimumPasswordLength,
        p.RequireSymbols,
        p.RequireNumbers,
        p.RequireUppercaseCharacters,
        p.RequireLowercaseCharacters,
        p.AllowUsersToChangePassword,
        p.MaxPasswordAge,
        p.PasswordReusePrevention,
        p.HardExpiry);
}
