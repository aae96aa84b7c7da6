using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using Analytics.Enrichment;
using Analytics.Events;

namespace Analytics.Core.Tests.Enrichment;

public sealed class VisitorHasherTests
{
    private const string Agent = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private static readonly byte[] Salt = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] OtherSalt = Enumerable.Range(2, 32).Select(i => (byte)i).ToArray();
    private static readonly IPAddress Address = IPAddress.Parse("203.0.113.7");

    [Fact]
    public void The_same_inputs_give_the_same_visitor()
    {
        Assert.Equal(
            VisitorHasher.Hash(Salt, "shop.test", Address, Agent),
            VisitorHasher.Hash(Salt, "shop.test", IPAddress.Parse("203.0.113.7"), Agent));
    }

    [Theory]
    [InlineData(0, 0x726fdb47dd0e0e31UL)]
    [InlineData(15, 0xa129ca6149be45e5UL)]
    public void SipHash_matches_the_reference_vectors_of_its_paper(int length, ulong expected)
    {
        // Key 00 01 .. 0f, message 00 01 .. (length - 1), as in the SipHash paper's appendix.
        var key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var message = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

        Assert.Equal(expected, SipHash.Hash24(BinaryPrimitives.ReadUInt64LittleEndian(key), BinaryPrimitives.ReadUInt64LittleEndian(key.AsSpan(8)), message));
    }

    [Fact]
    public void It_is_siphash_of_host_address_and_agent_keyed_with_the_folded_salt()
    {
        byte[] message = [.. "shop.test"u8, 0, 203, 0, 113, 7, 0, .. System.Text.Encoding.UTF8.GetBytes(Agent)];
        var k0 = BinaryPrimitives.ReadUInt64LittleEndian(Salt) ^ BinaryPrimitives.ReadUInt64LittleEndian(Salt.AsSpan(16));
        var k1 = BinaryPrimitives.ReadUInt64LittleEndian(Salt.AsSpan(8)) ^ BinaryPrimitives.ReadUInt64LittleEndian(Salt.AsSpan(24));

        Assert.Equal(unchecked((long)SipHash.Hash24(k0, k1, message)), VisitorHasher.Hash(Salt, "shop.test", Address, Agent));
    }

    [Fact]
    public void A_salt_of_another_length_is_refused()
    {
        Assert.Throws<ArgumentException>(() => VisitorHasher.Hash(new byte[16], "shop.test", Address, Agent));
    }

    [Fact]
    public void Each_input_changes_the_visitor()
    {
        var visitor = VisitorHasher.Hash(Salt, "shop.test", Address, Agent);

        Assert.NotEqual(visitor, VisitorHasher.Hash(OtherSalt, "shop.test", Address, Agent));
        Assert.NotEqual(visitor, VisitorHasher.Hash(Salt, "blog.test", Address, Agent));
        Assert.NotEqual(visitor, VisitorHasher.Hash(Salt, "shop.test", IPAddress.Parse("203.0.113.8"), Agent));
        Assert.NotEqual(visitor, VisitorHasher.Hash(Salt, "shop.test", Address, Agent + " "));
        Assert.NotEqual(VisitorHasher.Hash(Salt, "ab", null, "c"), VisitorHasher.Hash(Salt, "a", null, "bc"));
    }

    [Fact]
    public void An_ipv4_address_mapped_into_ipv6_is_the_same_visitor()
    {
        Assert.Equal(
            VisitorHasher.Hash(Salt, "shop.test", Address, Agent),
            VisitorHasher.Hash(Salt, "shop.test", Address.MapToIPv6(), Agent));
    }

    [Fact]
    public void Missing_parts_and_the_longest_user_agent_still_hash()
    {
        var longAgent = new string('é', EventLimits.MaxUserAgentLength);

        Assert.NotEqual(VisitorHasher.Hash(Salt, null, null, null), VisitorHasher.Hash(Salt, null, null, longAgent));
        Assert.Equal(VisitorHasher.Hash(Salt, null, IPAddress.IPv6Loopback, longAgent), VisitorHasher.Hash(Salt, "", IPAddress.IPv6Loopback, longAgent));
    }

    [Theory]
    [InlineData(0x0123_4567_89ab_cdefL, "\"0123456789abcdef\"")]
    [InlineData(-1L, "\"ffffffffffffffff\"")]
    [InlineData(0L, "\"0000000000000000\"")]
    public void A_visitor_id_is_written_and_read_as_16_hex_digits(long id, string json)
    {
        var options = new JsonSerializerOptions { Converters = { new HexInt64JsonConverter() } };

        Assert.Equal(json, JsonSerializer.Serialize<long?>(id, options));
        Assert.Equal(id, JsonSerializer.Deserialize<long?>(json, options));
        Assert.Equal(json.Trim('"'), HexInt64JsonConverter.Format(id));
    }
}
