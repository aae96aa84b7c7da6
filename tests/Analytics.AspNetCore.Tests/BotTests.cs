using System.Net;
using Analytics.AspNetCore.Tests.Infrastructure;

namespace Analytics.AspNetCore.Tests;

/// <summary>Bots are stored and flagged with what the parser derived, and left out of aggregates unless asked for.</summary>
public sealed class BotTests : IClassFixture<ApiFixture>
{
    private const string Googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    private readonly ApiFixture _fixture;

    public BotTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task A_stored_event_shows_what_was_derived_from_its_user_agent()
    {
        var created = await _fixture.CreateClient().PostCreatedAsync($$"""{"page":"/derived","user_agent":"{{Api.WindowsUserAgent}}"}""");

        Assert.Equal("Windows", created.GetProperty("operating_system").GetString());
        Assert.Equal("desktop", created.GetProperty("device_type").GetString());
        Assert.False(created.GetProperty("is_bot").GetBoolean());
        Assert.False(string.IsNullOrEmpty(created.GetProperty("browser").GetString()));
    }

    [Fact]
    public async Task Bots_are_flagged_and_counted_only_with_include_bots()
    {
        var client = _fixture.CreateClient();
        var bot = await client.PostCreatedAsync($$"""{"page":"/crawled","user_agent":"{{Googlebot}}"}""");
        await client.PostCreatedAsync($$"""{"page":"/crawled","user_agent":"{{Api.WindowsUserAgent}}"}""");

        var humans = await AggregateRows.GetAsync(client, "/api/events?pages=/crawled");
        var everyone = await AggregateRows.GetAsync(client, "/api/events?pages=/crawled&include_bots=true");

        Assert.True(bot.GetProperty("is_bot").GetBoolean());
        Assert.Equal("bot", bot.GetProperty("device_type").GetString());
        Assert.Equal(1, humans.Sum(r => r.Count));
        Assert.Equal(2, everyone.Sum(r => r.Count));
    }

    [Fact]
    public async Task A_bad_include_bots_is_a_400_naming_it()
    {
        using var response = await _fixture.CreateClient().GetAsync("/api/events?include_bots=maybe");

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, "include_bots");
    }
}
