using System.Text;
using FsCheck.Fluent;
using Gitstead.CodeCommit.Transport;
using Xunit;

namespace Gitstead.UnitTests.Fuzz;

/// <summary><c>Authorization: Basic</c> parsing: garbage is refused (false), never thrown; a well-formed login comes back intact.</summary>
public sealed class BasicCredentialsFuzzTests
{
    [Fact]
    public void TryParse_MutatedHeaders_NeverThrows()
    {
        var headers = Fuzzing.Mutated(
            "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice-at-123456789012:secretpassword")),
            "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("AKIAIOSFODNN7EXAMPLE:20240102T030405Z" + new string('a', 64))),
            "basic Og==", "Bearer abc", "Basic");

        Fuzzing.Check(headers, 1000, header => BasicCredentials.TryParse(header, out _));
    }

    [Fact]
    public void TryParse_AnyUserWithoutColonAndAnyPassword_RoundTrips()
    {
        var text = ArbMap.Default.ArbFor<string>().Generator.Select(s => s ?? "");
        var logins = from user in text.Where(u => u.Length > 0 && !u.Contains(':') && !HasLoneSurrogate(u))
                     from password in text.Where(p => !HasLoneSurrogate(p))
                     select (user, password);

        Fuzzing.Check(logins, 500, login =>
        {
            var header = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.user}:{login.password}"));

            Assert.True(BasicCredentials.TryParse(header, out var parsed));
            Assert.Equal(login.user, parsed.UserName);
            Assert.Equal(login.password, parsed.Password);
        });
    }

    /// <summary>UTF-8 cannot carry a lone surrogate, so such a login cannot be sent at all.</summary>
    private static bool HasLoneSurrogate(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)) != text;
}
