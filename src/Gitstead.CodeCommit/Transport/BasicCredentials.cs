using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Gitstead.CodeCommit.Transport;

/// <summary>
/// The user name and password of an <c>Authorization: Basic</c> header (RFC 7617). A class
/// without a printable form, so the password never reaches a log through <c>ToString</c>.
/// </summary>
internal sealed class BasicCredentials
{
    /// <summary>Longer headers cannot hold a Git login (a SigV4 user name carries a session token of ~1 KB at most).</summary>
    private const int MaxHeaderLength = 8192;

    private BasicCredentials(string userName, string password)
    {
        UserName = userName;
        Password = password;
    }

    public string UserName { get; }

    public string Password { get; }

    public override string ToString() => nameof(BasicCredentials);

    /// <summary>Parses <c>Basic base64(user ":" password)</c>; false for any other scheme or a malformed value.</summary>
    public static bool TryParse(string? header, [NotNullWhen(true)] out BasicCredentials? credentials)
    {
        credentials = null;
        if (header is null || header.Length > MaxHeaderLength
            || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var encoded = header.AsSpan(6).Trim();
        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var length))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }

        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        credentials = new BasicCredentials(text[..colon], text[(colon + 1)..]);
        return true;
    }
}
