using System.Net;

namespace Analytics.Enrichment;

/// <summary>Reduces a client address to what <see cref="IpAddressStorage"/> allows, before anything stores it.</summary>
public static class IpAddressAnonymizer
{
    /// <summary>The address to store for <paramref name="address"/> under <paramref name="storage"/>, or null.</summary>
    public static string? Apply(IPAddress? address, IpAddressStorage storage)
    {
        if (address is null || storage == IpAddressStorage.None)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return storage == IpAddressStorage.Full ? address.ToString() : Truncate(address).ToString();
    }

    // IPv4 keeps 24 bits, IPv6 48: the network, not the household or the device.
    private static IPAddress Truncate(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        bytes[(length == 4 ? 3 : 6)..length].Clear();
        return new IPAddress(bytes[..length]);
    }
}
