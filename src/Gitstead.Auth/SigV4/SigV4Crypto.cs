using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gitstead.Auth.SigV4;

/// <summary>The hashing and HMAC chain of SigV4 (reference notes §2.3).</summary>
internal static class SigV4Crypto
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Hash of an empty payload.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>
    /// The hash of the text's UTF-8 bytes, encoded into a pooled buffer rather than a new array;
    /// the buffer is cleared before it goes back (a canonical request holds the session token).
    /// </summary>
    public static string Sha256Hex(string text)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        var length = 0;
        try
        {
            length = Encoding.UTF8.GetBytes(text, buffer);
            return Sha256Hex(buffer.AsSpan(0, length));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string StringToSign(string requestTime, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{requestTime}\n{scope}\n{Sha256Hex(canonicalRequest)}";

    /// <summary><c>kSigning</c> = HMAC chain over date, region, service and <c>aws4_request</c>.</summary>
    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        var secret = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        var key = Hmac(secret, date);
        CryptographicOperations.ZeroMemory(secret);
        foreach (var part in (ReadOnlySpan<string>)[region, service, CredentialScope.ValidTerminator])
        {
            var next = Hmac(key, part);
            CryptographicOperations.ZeroMemory(key);
            key = next;
        }

        return key;
    }

    /// <summary>The raw 32-byte signature of a string to sign.</summary>
    public static byte[] Sign(byte[] signingKey, string stringToSign) => Hmac(signingKey, stringToSign);

    /// <summary>Compares a computed signature with the hex text a client sent, in constant time.</summary>
    public static bool SignatureMatches(ReadOnlySpan<byte> expected, string provided)
    {
        if (provided.Length != expected.Length * 2)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[expected.Length];
        var status = Convert.FromHexString(provided, bytes, out _, out var written);
        return status == System.Buffers.OperationStatus.Done
            && written == expected.Length
            && CryptographicOperations.FixedTimeEquals(expected, bytes);
    }

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Parses <c>yyyymmddTHHMMSSZ</c> (ISO 8601 basic format, UTC).</summary>
    public static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
