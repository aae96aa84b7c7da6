using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;
using Analytics.Storage;

namespace Analytics.Enrichment;

/// <summary>
/// The cookieless visitor identifier: SipHash-2-4, keyed with the day's random salt, over the site's host, the
/// client's full IP address and its user agent (64 bits, as Plausible's). Nothing is stored on the client; the
/// address itself never needs to be kept, and once the salt is deleted the hash cannot be recomputed from a guessed
/// address.
/// </summary>
public static class VisitorHasher
{
    private const int StackLimit = 1024;

    /// <summary>The visitor's identifier for <paramref name="salt"/>'s day.</summary>
    /// <param name="salt">The day's salt (<see cref="VisitorSalts"/>), 32 bytes: its two halves, folded together, are the 128-bit key.</param>
    /// <param name="siteHost">The site's normalised host, or null when unknown.</param>
    /// <param name="address">The client's full address; an IPv4 address mapped into IPv6 counts as the IPv4 one.</param>
    /// <param name="userAgent">The user agent, or null.</param>
    public static long Hash(ReadOnlySpan<byte> salt, string? siteHost, IPAddress? address, string? userAgent)
    {
        if (salt.Length != VisitorSaltDays.SaltLength)
        {
            throw new ArgumentException($"A salt has {VisitorSaltDays.SaltLength} bytes.", nameof(salt));
        }

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

            var (k0, k1) = Key(salt);
            return unchecked((long)SipHash.Hash24(k0, k1, message[..written]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // 32 random bytes to a 128-bit key: the two 16-byte halves XORed, so every byte of the salt counts.
    private static (ulong K0, ulong K1) Key(ReadOnlySpan<byte> salt) => (
        BinaryPrimitives.ReadUInt64LittleEndian(salt) ^ BinaryPrimitives.ReadUInt64LittleEndian(salt[16..]),
        BinaryPrimitives.ReadUInt64LittleEndian(salt[8..]) ^ BinaryPrimitives.ReadUInt64LittleEndian(salt[24..]));
}
