using Gitstead.Iam.Common;
using Gitstead.Storage.Entities;

namespace Gitstead.Iam.LoginProfiles;

/// <summary>
/// Checks a console password against the account password policy, or — when the account has
/// none — against AWS's default policy: at least 8 characters, three of the four character
/// kinds, and not the account's name or email address
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html).
/// </summary>
internal static class PasswordRules
{
    /// <summary>The symbols the policy's <c>RequireSymbols</c> counts (model documentation).</summary>
    public const string Symbols = "!@#$%^&*()_+-=[]{}|'";

    public const int DefaultMinimumLength = 8;

    /// <summary>Throws PasswordPolicyViolation naming the first requirement the password misses.</summary>
    public static void Check(string password, AccountPasswordPolicy? policy, Account account)
    {
        if (Violation(password, policy, account) is { } message)
        {
            throw IamErrors.PasswordPolicyViolation(message);
        }
    }

    private static string? Violation(string password, AccountPasswordPolicy? policy, Account account)
    {
        if (policy is null)
        {
            return DefaultViolation(password, account);
        }

        if (password.Length < policy.MinimumPasswordLength)
        {
            return $"Password should have at least {policy.MinimumPasswordLength} characters";
        }

        if (policy.RequireUppercaseCharacters && !password.Any(char.IsAsciiLetterUpper))
        {
            return "Password should have at least one uppercase letter";
        }

        if (policy.RequireLowercaseCharacters && !password.Any(char.IsAsciiLetterLower))
        {
            return "Password should have at least one lowercase letter";
        }

        if (policy.RequireNumbers && !password.Any(char.IsAsciiDigit))
        {
            return "Password should have at least one number";
        }

        return policy.RequireSymbols && !password.Any(Symbols.Contains) ? "Password should have at least one symbol" : null;
    }

    private static string? DefaultViolation(string password, Account account)
    {
        if (password.Length < DefaultMinimumLength)
        {
            return $"Password should have at least {DefaultMinimumLength} characters";
        }

        var kinds = new[] { password.Any(char.IsAsciiLetterUpper), password.Any(char.IsAsciiLetterLower), password.Any(char.IsAsciiDigit), password.Any(Symbols.Contains) };
        if (kinds.Count(k => k) < 3)
        {
            return "Password should contain at least three of the following: uppercase letters, lowercase letters, numbers, symbols";
        }

        string?[] names = [account.Id, account.Alias, account.RootEmail];
        return names.Any(n => string.Equals(n, password, StringComparison.OrdinalIgnoreCase))
            ? "Password should not be the account name or email address"
            : null;
    }
}
