using System.Net;

namespace Gitstead.Policy;

/// <summary>An IPv4 or IPv6 CIDR block; a bare address is a /32 (or /128).</summary>
internal sealed class IpRange
{
    private readonly byte[] _network;
    private readonly int _prefixLength;

    private IpRange(byte[] network, int prefixLength)
    {
        _network = network;
        _prefixLength = prefixLength;
    }

    public static IpRange? Parse(string cidr)
    {
        var slash = cidr.IndexOf('/');
        var addressText = slash < 0 ? cidr.AsSpan() : cidr.AsSpan(0, slash);
        if (!ConditionLiterals.TryParseIp(addressText, out var address))
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        var maxPrefix = bytes.Length * 8;
        if (slash < 0)
        {
            return new IpRange(bytes, maxPrefix);
        }

        var valid = int.TryParse(cidr.AsSpan(slash + 1), out var prefix) && prefix >= 0 && prefix <= maxPrefix;
        return valid ? new IpRange(bytes, prefix) : null;
    }

    public bool Contains(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written) || written != _network.Length)
        {
            return false;
        }

        return PrefixEquals(bytes[..written]);
    }

    private bool PrefixEquals(ReadOnlySpan<byte> address)
    {
        var fullBytes = _prefixLength / 8;
        if (!address[..fullBytes].SequenceEqual(_network.AsSpan(0, fullBytes)))
        {
            return false;
        }

        var remainingBits = _prefixLength % 8;
        if (remainingBits == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - remainingBits));
        return (address[fullBytes] & mask) == (_network[fullBytes] & mask);
    }
}
