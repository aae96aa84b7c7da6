using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Analytics.Enrichment;

/// <summary>
/// The cookieless visitor identifier: HMAC-SHA256, keyed with the day's random salt, over the site's host, the
/// client's full IP address and its user agent, cut to 64 bits. Nothing is stored on the client; the address itself
/// never needs to be kept, and once the salt is deleted the hash cannot be recomputed from a guessed address.
/// </summary>
public static class VisitorHasher
{
    private const int StackLimit = 1024;

    /// <summary>The visitor's identifier for <paramref name="salt"/>'s day.</summary>
    /// <param name="salt">The day's salt (<see cref="VisitorSalts"/>).</param>
    /// <param name="siteHost">The site's normalised host, or null when unknown.</param>
    /// <param name="address">The client's full address; an IPv4 address mapped into IPv6 counts as the IPv4 one.</param>
    /// <param name="userAgent">The user agent, or null.</param>
    public static long Hash(ReadOnlySpan<byte> salt, string? siteHost, IPAddress? address, string? userAgent)
    {
        siteHost ??= "";
        userAgent ??= "";
        var length = Encoding.UTF8.GetMaxByteCount(siteHost.Length + userAgent.Length) + 16 + 2;
        byte[]? rented = null;
        var message = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            // host \0 address-bytes \0 user-agent: the separators keep ("ab", "c") and ("a", "bc") apart.
            var written = Encoding.UTF8.GetBytes(siteHost, message);
            message[written++] = 0;
            if (address is not null)
            {
                var normalised = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
                normalised.TryWriteBytes(message[written..], out var addressLength);
                written += addressLength;
            }

            message[written++] = 0;
            written += Encoding.UTF8.GetBytes(userAgent, message[written..]);

            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(salt, message[..written], mac);
            return BinaryPrimitives.ReadInt64BigEndian(mac);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
