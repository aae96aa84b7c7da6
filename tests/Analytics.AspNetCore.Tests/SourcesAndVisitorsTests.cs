using System.Net;
using System.Text.Json;
using Analytics.AspNetCore.Tests.Infrastructure;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// What is derived from the page URL, the referrer and the client (issue 5): the site's host and path, UTM
/// parameters, the traffic source, the cookieless visitor and the derived session; and aggregates that count
/// visitors, group by and filter on the derived fields.
/// </summary>
public sealed class SourcesAndVisitorsTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _fixture;

    public SourcesAndVisitorsTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    private static string PageView(string page, string? referrer = null, string ip = "198.51.100.20", string agent = Api.WindowsUserAgent) =>
        JsonSerializer.Serialize(new Dictionary<string, string?> { ["page"] = page, ["referrer"] = referrer, ["ip_address"] = ip, ["user_agent"] = agent });

    [Fact]
    public async Task A_stored_event_shows_every_derived_field_and_reads_back_the_same()
    {
        var client = _fixture.CreateClient();

        var created = await client.PostCreatedAsync(PageView(
            "https://www.Shop.test/derived?utm_source=newsletter&utm_medium=email&utm_campaign=winter%20sale&ref=7#top",
            "https://www.google.de/search?q=shoes"));
        using var read = await client.GetAsync($"/api/events/{created.GetProperty("id").GetString()}");
        var stored = await Api.ReadJsonAsync(read);

        Assert.Equal("shop.test", created.GetProperty("hostname").GetString());
        Assert.Equal("/derived", created.GetProperty("page").GetString());
        Assert.Equal("google.de", created.GetProperty("referrer_host").GetString());
        Assert.Equal("email", created.GetProperty("referrer_source").GetString());
        Assert.Equal(
            ("newsletter", "email", "winter sale", null, null),
            (created.GetStringOrNull("utm_source"), created.GetStringOrNull("utm_medium"), created.GetStringOrNull("utm_campaign"),
                created.GetStringOrNull("utm_term"), created.GetStringOrNull("utm_content")));
        Assert.Matches("^[0-9a-f]{16}$", created.GetProperty("visitor_id").GetString());
        Assert.Equal(created.GetProperty("id").GetString()!.Replace("-", "", StringComparison.Ordinal), created.GetProperty("session_id").GetString());
        Assert.Equal("198.51.100.0", created.GetProperty("ip_address").GetString());
        Assert.Equal(created.ToString(), stored.ToString());
    }

    [Fact]
    public async Task The_same_client_is_one_visitor_and_one_session_until_30_minutes_pass()
    {
        var client = _fixture.CreateClient();
        var page = "https://shop.test/visitors";

        var first = await client.PostCreatedAsync(PageView(page, ip: "198.51.100.31"));
        _fixture.Clock.Advance(TimeSpan.FromMinutes(29));
        var second = await client.PostCreatedAsync(PageView(page, ip: "198.51.100.31"));
        _fixture.Clock.Advance(TimeSpan.FromMinutes(31));
        var third = await client.PostCreatedAsync(PageView(page, ip: "198.51.100.31"));
        var neighbour = await client.PostCreatedAsync(PageView(page, ip: "198.51.100.32"));

        Assert.Equal(first.GetProperty("visitor_id").GetString(), second.GetProperty("visitor_id").GetString());
        Assert.Equal(first.GetProperty("visitor_id").GetString(), third.GetProperty("visitor_id").GetString());
        Assert.NotEqual(first.GetProperty("visitor_id").GetString(), neighbour.GetProperty("visitor_id").GetString());
        Assert.Equal(first.GetProperty("session_id").GetString(), second.GetProperty("session_id").GetString());
        Assert.NotEqual(first.GetProperty("session_id").GetString(), third.GetProperty("session_id").GetString());
        var row = Assert.Single(await AggregateRows.GetJsonAsync(client, "/api/events?pages=/visitors&duration=1 month"));
        Assert.Equal((4, 2), (row.GetProperty("count").GetInt64(), row.GetProperty("visitors").GetInt64()));
    }

    [Fact]
    public async Task Group_by_and_filters_use_the_derived_fields()
    {
        var client = _fixture.CreateClient();
        await client.PostCreatedAsync(PageView("/grouped", "https://duckduckgo.com/", "198.51.100.41", Api.AndroidUserAgent));
        await client.PostCreatedAsync(PageView("/grouped", "https://duckduckgo.com/", "198.51.100.42", Api.AndroidUserAgent));
        await client.PostCreatedAsync(PageView("/grouped", "https://news.ycombinator.com/item?id=1", "198.51.100.43"));
        await client.PostCreatedAsync(PageView("/grouped", null, "198.51.100.44", Api.LinuxUserAgent));

        var grouped = await AggregateRows.GetJsonAsync(client, "/api/events?pages=/grouped&group_by=device_type,referrer_source");
        var searchOnMobile = await AggregateRows.GetJsonAsync(client, "/api/events?pages=/grouped&referrer_source=search&device_type=mobile");
        var firefox = await AggregateRows.GetJsonAsync(client, "/api/events?pages=/grouped&browser=firefox&group_by=browser");
        var chromeOnDesktop = await AggregateRows.GetJsonAsync(client, "/api/events?pages=/grouped&browser=Safari,Chrome&device_type=desktop");

        Assert.Equal(
            ["desktop direct 1", "desktop social 1", "mobile search 2"],
            grouped.Select(r => $"{r.GetProperty("device_type")} {r.GetProperty("referrer_source")} {r.GetProperty("visitors")}").Order(StringComparer.Ordinal));
        Assert.All(grouped, r => Assert.False(r.TryGetProperty("browser", out _)));
        Assert.Equal(2, searchOnMobile.Sum(r => r.GetProperty("count").GetInt64()));
        Assert.Equal(("Firefox", 1), (Assert.Single(firefox).GetProperty("browser").GetString(), Assert.Single(firefox).GetProperty("count").GetInt64()));
        Assert.Equal(1, chromeOnDesktop.Sum(r => r.GetProperty("count").GetInt64()));
    }

    [Theory]
    [InlineData("group_by=ip_address", "group_by")]
    [InlineData("device_type=fridge", "device_type")]
    [InlineData("referrer_source=radio", "referrer_source")]
    [InlineData("browser=Mosaic", "browser")]
    public async Task An_unknown_dimension_or_value_is_a_400_naming_the_parameter(string query, string field)
    {
        using var response = await _fixture.CreateClient().GetAsync($"/api/events?{query}");

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }
}
