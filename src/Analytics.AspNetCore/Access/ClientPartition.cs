using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Analytics.AspNetCore.Access;

/// <summary>
/// The rate-limit partition of a request by its client address, as the forwarded-headers rules left it: the address
/// itself for IPv4, its /64 network for IPv6 (one subscriber's share), so that a client cannot step around its limit by
/// moving within its own network. Never logged.
/// </summary>
internal static class ClientPartition
{
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "address:none";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            bytes[8..].Clear();
            address = new IPAddress(bytes);
        }

        return "address:" + address;
    }
}
