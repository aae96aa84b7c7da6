using System.Net;
using System.Text;
using System.Text.Json;
using Analytics.AspNetCore.Tests.Infrastructure;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// Text cut to a stored length stays valid text, on each store. A referrer of 600 emoji is within every bound, but
/// its derived host was cut to 253 UTF-16 code units, through the middle of an emoji: PostgreSQL's driver could not
/// encode it, the writer took that for an outage and held every client's events until it answered 503; DuckDB stored
/// a replacement character.
/// </summary>
public abstract class LongTextTests
{
    private const string Emoji = "\U0001F600";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ApiFixture _fixture;

    protected LongTextTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task A_referrer_of_600_emoji_is_stored_with_its_host_cut_between_characters()
    {
        var client = _fixture.CreateClient();
        var referrer = string.Concat(Enumerable.Repeat(Emoji, 600));

        var created = await client.PostCreatedAsync(JsonSerializer.Serialize(new { page = "/emoji", referrer }));
        using var get = await client.GetAsync($"/api/events/{created.GetProperty("id").GetString()}");
        var stored = await Api.ReadJsonAsync(get);

        Assert.Equal(referrer, stored.GetProperty("referrer").GetString());
        var host = stored.GetProperty("referrer_host").GetString()!;
        Assert.Equal(string.Concat(Enumerable.Repeat(Emoji, 126)), host);
        Assert.Equal(host, StrictUtf8.GetString(StrictUtf8.GetBytes(host)));
    }

    [Fact]
    public async Task Long_text_cut_in_every_derived_field_leaves_the_batch_and_other_clients_whole()
    {
        var client = _fixture.CreateClient();
        var long256 = "a" + string.Concat(Enumerable.Repeat(Emoji, 200));
        var page = $"https://shop.test/x?utm_source={long256}&utm_medium={long256}&utm_campaign={long256}";
        var body = JsonSerializer.Serialize(new object[]
        {
            new { page = "/before" },
            new { page, referrer = "https://" + string.Concat(Enumerable.Repeat(Emoji, 300)) + "/", user_agent = "Mozilla/5.0 " + string.Concat(Enumerable.Repeat(Emoji, 500)) },
            new { page = "/after" },
        });

        using var batch = await client.PostAsync("/api/events/batch", Api.Json(body));
        var summary = await Api.ReadJsonAsync(batch);
        var single = await client.PostCreatedAsync("""{"page":"/other-client"}""");

        Assert.Equal(3, summary.GetProperty("accepted").GetInt32());
        Assert.Equal(0, summary.GetProperty("rejected").GetInt32());
        Assert.Equal("/other-client", single.GetProperty("page").GetString());
    }
}

/// <summary>Long text on PostgreSQL.</summary>
public sealed class PostgreSqlLongTextTests : LongTextTests, IClassFixture<ApiFixture>
{
    public PostgreSqlLongTextTests(ApiFixture fixture)
        : base(fixture)
    {
    }
}

/// <summary>Long text on DuckDB.</summary>
public sealed class DuckDbLongTextTests : LongTextTests, IClassFixture<DuckDbApiFixture>
{
    public DuckDbLongTextTests(DuckDbApiFixture fixture)
        : base(fixture)
    {
    }
}
