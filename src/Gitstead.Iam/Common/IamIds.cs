using System.Security.Cryptography;

namespace Gitstead.Iam.Common;

/// <summary>Identifiers in AWS's formats (see reference notes §5.9).</summary>
internal static class IamIds
{
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>A unique id: prefix + 17 upper-case alphanumerics (21 chars), e.g. <c>AIDA…</c>.</summary>
    public static string UniqueId(string prefix) => prefix + RandomNumberGenerator.GetString(Alnum, 17);

    /// <summary>
    /// An access key id, <c>AKIA</c>/<c>ASIA</c> + 16 base32 chars, whose chars 5–12 encode the
    /// account id the way AWS's modern keys do (so tools that decode the account still work).
    /// </summary>
    public static string AccessKeyId(string prefix, string accountId)
    {
        var value = (long.Parse(accountId, System.Globalization.CultureInfo.InvariantCulture) / 2) + 549755813888L;
        Span<byte> five = stackalloc byte[5];
        for (var i = 4; i >= 0; i--)
        {
            five[i] = (byte)(value & 0xFF);
            value >>= 8;
        }

        // 40 bits → 8 base32 chars.
        ulong bits = 0;
        foreach (var b in five)
        {
            bits = (bits << 8) | b;
        }

        var encoded = new char[8];
        for (var i = 7; i >= 0; i--)
        {
            encoded[i] = Base32[(int)(bits & 31)];
            bits >>= 5;
        }

        var parity = long.Parse(accountId, System.Globalization.CultureInfo.InvariantCulture) % 2;
        var half = parity == 0 ? Base32[..16] : Base32[16..];
        return prefix + new string(encoded) + RandomNumberGenerator.GetString(half, 1) + RandomNumberGenerator.GetString(Base32, 7);
    }

    /// <summary>A 40-character secret access key.</summary>
    public static string SecretAccessKey() => RandomNumberGenerator.GetString(SecretAlphabet, 40);

    /// <summary>A 12-digit account id not starting with 0.</summary>
    public static string AccountId() =>
        RandomNumberGenerator.GetString("123456789", 1) + RandomNumberGenerator.GetString("0123456789", 11);
}
