using System.Buffers.Binary;
using System.Text;
using Gitstead.Policy;

namespace Gitstead.Kms.Crypto;

/// <summary>
/// The encryption context as additional authenticated data: one canonical byte form, whatever
/// order the client's map had, so only the same pairs open a ciphertext. Pairs are sorted by
/// the UTF-8 bytes of their keys; each key and value is written with its length, so no two
/// different maps share a form (<c>{"ab":"c"}</c> is not <c>{"a":"bc"}</c>).
/// </summary>
internal static class EncryptionContexts
{
    public static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>count(4) | (keyLength(4) key valueLength(4) value)*</c>, big-endian lengths, UTF-8 text.</summary>
    public static byte[] Canonical(IReadOnlyDictionary<string, string>? context)
    {
        var pairs = (context ?? Empty)
            .Select(p => (Key: Encoding.UTF8.GetBytes(p.Key), Value: Encoding.UTF8.GetBytes(p.Value)))
            .OrderBy(p => p.Key, ByteOrder.Instance)
            .ToList();
        var size = 4 + pairs.Sum(p => 8 + p.Key.Length + p.Value.Length);
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(span, pairs.Count);
        var offset = 4;
        foreach (var (key, value) in pairs)
        {
            offset = Write(span, offset, key);
            offset = Write(span, offset, value);
        }

        return bytes;
    }

    /// <summary>
    /// The condition keys a request with this context carries: <c>kms:EncryptionContext:KEY</c>
    /// for each pair and <c>kms:EncryptionContextKeys</c> with every key (absent when empty).
    /// </summary>
    public static void AddConditionKeys(IDictionary<string, IReadOnlyList<string>> keys, IReadOnlyDictionary<string, string>? context)
    {
        if (context is null || context.Count == 0)
        {
            return;
        }

        foreach (var (key, value) in context)
        {
            keys[KmsConditionKeys.EncryptionContextPrefix + key] = [value];
        }

        keys[KmsConditionKeys.EncryptionContextKeys] = context.Keys.ToList();
    }

    private static int Write(Span<byte> span, int offset, byte[] value)
    {
        BinaryPrimitives.WriteInt32BigEndian(span[offset..], value.Length);
        value.CopyTo(span[(offset + 4)..]);
        return offset + 4 + value.Length;
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
