using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Gitstead.Iam.SshKeys;

/// <summary>
/// An RSA public key as SSH sees it: the wire-format blob (<c>string "ssh-rsa", mpint e,
/// mpint n</c>, RFC 4253 §6.6) in its canonical encoding.
/// </summary>
internal sealed class SshRsaPublicKey
{
    public const string KeyType = "ssh-rsa";

    internal SshRsaPublicKey(byte[] exponent, byte[] modulus, string? comment)
    {
        Exponent = exponent;
        Modulus = modulus;
        Comment = comment;
        Blob = SshWire.RsaBlob(exponent, modulus);
    }

    /// <summary>Unsigned big-endian, no leading zero byte.</summary>
    public byte[] Exponent { get; }

    /// <summary>Unsigned big-endian, no leading zero byte.</summary>
    public byte[] Modulus { get; }

    public string? Comment { get; }

    public byte[] Blob { get; }

    public int Bits => SshWire.BitLength(Modulus);

    /// <summary>MD5 of the blob as colon-separated hex: what <c>ssh-keygen -l -E md5</c> prints after <c>MD5:</c>.</summary>
    public string Fingerprint => string.Join(':', Convert.ToHexStringLower(MD5.HashData(Blob)).Chunk(2).Select(c => new string(c)));

    /// <summary>One-line OpenSSH form: <c>ssh-rsa BASE64 [comment]</c>.</summary>
    public string OpenSsh => Comment is null ? $"{KeyType} {Convert.ToBase64String(Blob)}" : $"{KeyType} {Convert.ToBase64String(Blob)} {Comment}";

    /// <summary>PEM SubjectPublicKeyInfo (<c>-----BEGIN PUBLIC KEY-----</c>), ending in a newline.</summary>
    public string Pem
    {
        get
        {
            using var rsa = RSA.Create();
            rsa.ImportParameters(new RSAParameters { Exponent = Exponent, Modulus = Modulus });
            return rsa.ExportSubjectPublicKeyInfoPem() + "\n";
        }
    }
}

/// <summary>SSH wire encoding of RSA public keys (RFC 4251 §5 <c>string</c>/<c>mpint</c>).</summary>
internal static class SshWire
{
    public static byte[] RsaBlob(byte[] exponent, byte[] modulus)
    {
        var type = Encoding.ASCII.GetBytes(SshRsaPublicKey.KeyType);
        using var buffer = new MemoryStream();
        WriteString(buffer, type);
        WriteMpint(buffer, exponent);
        WriteMpint(buffer, modulus);
        return buffer.ToArray();
    }

    /// <summary>The key of a blob in canonical form, or null when the blob is anything else.</summary>
    public static SshRsaPublicKey? ReadRsaBlob(byte[] blob, string? comment)
    {
        var rest = blob.AsSpan();
        if (!TryReadString(ref rest, out var type) || !type.SequenceEqual("ssh-rsa"u8)
            || !TryReadMpint(ref rest, out var exponent) || !TryReadMpint(ref rest, out var modulus) || !rest.IsEmpty)
        {
            return null;
        }

        var key = new SshRsaPublicKey(exponent, modulus, comment);

        // Non-minimal mpints would give the same key another fingerprint: refuse them.
        return key.Blob.AsSpan().SequenceEqual(blob) ? key : null;
    }

    public static byte[] TrimLeadingZeros(byte[] value)
    {
        var start = 0;
        while (start < value.Length && value[start] == 0)
        {
            start++;
        }

        return value[start..];
    }

    public static int BitLength(byte[] unsignedBigEndian) =>
        unsignedBigEndian.Length == 0 ? 0 : ((unsignedBigEndian.Length - 1) * 8) + (32 - int.LeadingZeroCount(unsignedBigEndian[0]));

    private static bool TryReadString(ref Span<byte> rest, out byte[] value)
    {
        value = [];
        if (rest.Length < 4)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(rest);
        if (length > rest.Length - 4)
        {
            return false;
        }

        value = rest.Slice(4, (int)length).ToArray();
        rest = rest[(4 + (int)length)..];
        return true;
    }

    /// <summary>A positive mpint, returned without its sign byte.</summary>
    private static bool TryReadMpint(ref Span<byte> rest, out byte[] value)
    {
        if (!TryReadString(ref rest, out var raw) || raw.Length == 0 || (raw[0] & 0x80) != 0)
        {
            value = [];
            return false;
        }

        value = TrimLeadingZeros(raw);
        return value.Length > 0;
    }

    private static void WriteString(Stream stream, ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)value.Length);
        stream.Write(length);
        stream.Write(value);
    }

    private static void WriteMpint(Stream stream, byte[] unsignedValue)
    {
        var value = TrimLeadingZeros(unsignedValue);
        if (value.Length > 0 && (value[0] & 0x80) != 0)
        {
            value = [0, .. value];
        }

        WriteString(stream, value);
    }
}
