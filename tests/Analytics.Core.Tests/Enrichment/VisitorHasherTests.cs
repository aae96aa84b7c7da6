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

    [Fact]
    public void It_is_an_hmac_sha256_of_host_address_and_agent_cut_to_64_bits()
    {
        byte[] message = [.. "shop.test"u8, 0, 203, 0, 113, 7, 0, .. System.Text.Encoding.UTF8.GetBytes(Agent)];
        var mac = System.Security.Cryptography.HMACSHA256.HashData(Salt, message);

        Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(mac), VisitorHasher.Hash(Salt, "shop.test", Address, Agent));
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
        var longAgent = new string('é', PageViewLimits.MaxUserAgentLength);

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
