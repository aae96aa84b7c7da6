using System.Net;
using System.Text;
using System.Text.Json;
using Analytics.AspNetCore.Tests.Infrastructure;
using Analytics.Testing;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// POST /api/send and POST /api/batch, Umami's collect API, on each store: page views and custom events with their
/// fields, the website-to-site mapping, bots, identify calls, the cache token, every invalid field, batches reported
/// per item, and what lands in the store and the stats API. shop.test is Umami website <see cref="ShopWebsite"/>;
/// the clock is stopped at <see cref="ApiFixture.Now"/>. Each test sends with a user agent of its own.
/// </summary>
public abstract class UmamiCollectApiTests
{
    public const string ShopWebsite = "6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70";
    public const string UtcWebsite = "0c4d8a2e-7b1f-4e3a-a5d6-9f8e7d6c5b4a";
    private const string Googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    private static int s_agents;
    private readonly UmamiFixture _fixture;

    protected UmamiCollectApiTests(UmamiFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task A_page_view_from_the_tracker_is_stored_with_its_site_page_referrer_and_campaign()
    {
        var (response, stored) = await SendAsync(Item("""{"hostname":"shop.test","url":"/pricing?utm_source=news#plans","referrer":"https://google.com/","title":"Pricing","screen":"1920x1080","language":"en-US"}"""));

        var answer = await Api.ReadJsonAsync(response);
        var e = Assert.Single(stored);
        Assert.Equal("shop.test", e.GetProperty("site").GetString());
        Assert.Equal("pageview", e.GetProperty("name").GetString());
        Assert.Equal("/pricing#plans", e.GetProperty("page").GetString());
        Assert.Equal("shop.test", e.GetProperty("hostname").GetString());
        Assert.Equal("https://google.com/", e.GetProperty("referrer").GetString());
        Assert.Equal("news", e.GetProperty("utm_source").GetString());
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("cache").GetString()));
        Assert.Equal(e.GetProperty("visitor_id").GetString(), answer.GetProperty("sessionId").GetString());
        Assert.Equal(e.GetProperty("session_id").GetString(), answer.GetProperty("visitId").GetString());
    }

    [Fact]
    public async Task A_name_makes_a_custom_event_and_data_and_tag_its_props()
    {
        var (response, stored) = await SendAsync(Item("""{"hostname":"shop.test","url":"/signup","name":"signup","data":{"plan":"pro","seats":3,"trial":true},"tag":"variant-b"}"""));

        await Api.ReadJsonAsync(response);
        var e = Assert.Single(stored);
        Assert.Equal("signup", e.GetProperty("name").GetString());
        Assert.Equal("""{"plan":"pro","seats":"3","trial":"true","tag":"variant-b"}""", e.GetProperty("props").GetRawText());
    }

    [Fact]
    public async Task The_website_id_picks_the_site_whatever_the_hostname_says()
    {
        var (response, stored) = await SendAsync(Item("""{"hostname":"elsewhere.test","url":"https://elsewhere.test/x"}""", website: UtcWebsite));

        await Api.ReadJsonAsync(response);
        Assert.Equal("utc.test", Assert.Single(stored).GetProperty("site").GetString());
    }

    [Fact]
    public async Task A_server_side_custom_event_without_a_url_is_on_the_root_and_may_name_its_user_agent()
    {
        // @umami/node sends its own user agent (node/vX), a script: its events are a bot's unless the payload names the visitor's.
        var (asBot, none) = await SendAsync(Item("""{"name":"signup","data":{"plan":"pro"}}"""), "node/v20.11.0");
        var (asVisitor, stored) = await SendAsync(Item($$$"""{"name":"signup","data":{"plan":"pro"},"userAgent":"{{{UserAgent()}}}"}"""), "node/v20.11.0");

        Assert.Equal("""{"beep":"boop"}""", (await Api.ReadJsonAsync(asBot)).GetRawText());
        Assert.Empty(none);
        await Api.ReadJsonAsync(asVisitor);
        var e = Assert.Single(stored);
        Assert.Equal(("signup", "/", "shop.test"), (e.GetProperty("name").GetString(), e.GetProperty("page").GetString(), e.GetProperty("site").GetString()));
        Assert.False(e.GetProperty("is_bot").GetBoolean());
    }

    [Fact]
    public async Task A_timestamp_backfills_the_event()
    {
        var hourAgo = ApiFixture.Now.AddHours(-1);
        var (response, stored) = await SendAsync(Item($$"""{"url":"/old","hostname":"shop.test","timestamp":{{hourAgo.ToUnixTimeSeconds()}}}"""));

        await Api.ReadJsonAsync(response);
        Assert.Equal(hourAgo, Assert.Single(stored).GetProperty("time").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_bot_gets_beep_boop_and_nothing_is_stored()
    {
        var (response, stored) = await SendAsync(Item("""{"hostname":"shop.test","url":"/"}"""), Googlebot);

        Assert.Equal("""{"beep":"boop"}""", (await Api.ReadJsonAsync(response)).GetRawText());
        Assert.Empty(stored);
    }

    [Fact]
    public async Task An_identify_call_is_answered_and_stores_nothing()
    {
        var (response, stored) = await SendAsync(Item("""{"data":{"plan":"pro"}}""").Replace("\"event\"", "\"identify\"", StringComparison.Ordinal));

        var answer = await Api.ReadJsonAsync(response);
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("cache").GetString()));
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("visitId").ValueKind);
        Assert.Empty(stored);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not our token")]
    public async Task The_cache_token_sent_back_is_taken_and_trusted_for_nothing(string? token)
    {
        var agent = UserAgent();
        var (first, _) = await SendAsync(Item("""{"hostname":"shop.test","url":"/a"}"""), agent);
        var cache = token ?? (await Api.ReadJsonAsync(first)).GetProperty("cache").GetString();

        var (second, stored) = await SendAsync(Item("""{"hostname":"shop.test","url":"/b"}"""), agent, cache: cache);

        var answer = await Api.ReadJsonAsync(second);
        Assert.Equal("/b", Assert.Single(stored).GetProperty("page").GetString());
        Assert.Equal(stored[0].GetProperty("session_id").GetString(), answer.GetProperty("visitId").GetString());
    }

    [Theory]
    [InlineData("""{"payload":{"website":"6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70"}}""", "type")]
    [InlineData("""{"type":"performance","payload":{"website":"6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70"}}""", "type")]
    [InlineData("""{"type":"event"}""", "payload")]
    [InlineData("""{"type":"event","payload":[]}""", "payload")]
    [InlineData("""{"type":"event","payload":{}}""", "payload.website")]
    [InlineData("""{"type":"event","payload":{"website":"shop.test"}}""", "payload.website")]
    [InlineData("""{"type":"event","payload":{"website":"00000000-0000-4000-8000-000000000001"}}""", "payload.website")]
    [InlineData("""{"type":"event","payload":{"link":"6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70"}}""", "payload.link")]
    [InlineData("""{"type":"event","payload":{"website":"6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70","url":5}}""", "payload.url")]
    [InlineData("""{"type":"event","payload":{"website":"6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70","name":"engagement"}}""", "payload.name")]
    [InlineData("""{"type":"event","payload":{"website":"6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70","name":"=HYPERLINK()"}}""", "payload.name")]
    [InlineData("""{"type":"event","payload":{"website":"6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70","tag":"@x"}}""", "payload.tag")]
    [InlineData("""{"type":"event","payload":{"website":"6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70","data":{"a":{"b":1}}}}""", "payload.data.a")]
    [InlineData("""{"type":"event","payload":{"website":"6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70","data":"x"}}""", "payload.data")]
    [InlineData("""{"type":"event","payload":{"website":"6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70","timestamp":"soon"}}""", "payload.timestamp")]
    [InlineData("""{"type":"event","payload":{"website":"6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70","timestamp":4102444800}}""", "payload.timestamp")]
    [InlineData("""{"type":"event","payload":{"website":"6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70","referrer":"a\u0000b"}}""", "payload.referrer")]
    [InlineData("""{"type":"event","payload":{"website":""", "body")]
    [InlineData("""[{"type":"event"}]""", "body")]
    public async Task An_invalid_item_is_a_400_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        var (response, stored) = await SendAsync(body);

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Empty(stored);
    }

    [Fact]
    public async Task Another_content_type_is_a_415_and_a_body_over_the_limit_a_413()
    {
        var (unsupported, none) = await SendAsync(Item("""{"url":"/"}"""), contentType: "application/x-www-form-urlencoded");
        var (tooLarge, nothing) = await SendAsync(Item($$$"""{"url":"/","data":{"k":"{{{new string('v', 70_000)}}}"}}"""));

        await Api.AssertProblemAsync(unsupported, HttpStatusCode.UnsupportedMediaType);
        await Api.AssertProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(none);
        Assert.Empty(nothing);
    }

    [Fact]
    public async Task A_batch_stores_its_valid_items_and_reports_each_refused_one_by_index()
    {
        var agent = UserAgent();
        string[] items =
        [
            Item("""{"hostname":"shop.test","url":"/batch-1"}"""),
            """{"type":"event","payload":{"website":"00000000-0000-4000-8000-000000000001","url":"/lost"}}""",
            Item("""{"hostname":"shop.test","url":"/crawled","userAgent":"GOOGLEBOT"}""").Replace("GOOGLEBOT", Googlebot, StringComparison.Ordinal),
            Item("""{"data":{"plan":"pro"}}""").Replace("\"event\"", "\"identify\"", StringComparison.Ordinal),
            Item("""{"hostname":"shop.test","url":"/batch-2","name":"signup"}"""),
            "42",
        ];
        var batch = "[" + string.Join(",", items) + "]";
        var (response, stored) = await SendAsync(batch, agent, path: "/api/batch");

        var answer = await Api.ReadJsonAsync(response);
        Assert.Equal(
            """{"size":6,"processed":4,"errors":2,"details":[{"index":1,"response":{"status":400,"errors":{"payload.website":["Website not found."]}}},{"index":5,"response":{"status":400,"errors":{"body":["Each item must be a JSON object."]}}}]}""",
            answer.GetRawText());
        Assert.Equal(["/batch-1", "/batch-2"], stored.Select(e => e.GetProperty("page").GetString()!).ToArray());
    }

    [Theory]
    [InlineData("""{"type":"event"}""", "body")]
    [InlineData("""[{"type":"event"}""", "body")]
    public async Task A_batch_that_is_not_an_array_is_a_400(string body, string field)
    {
        var (response, stored) = await SendAsync(body, path: "/api/batch");

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Empty(stored);
    }

    [Fact]
    public async Task A_batch_of_too_many_items_is_a_413()
    {
        var (response, stored) = await SendAsync("[" + string.Join(",", Enumerable.Repeat("{}", 1001)) + "]", path: "/api/batch");

        await Api.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(stored);
    }

    [Fact]
    public async Task What_was_sent_shows_in_the_stats_api()
    {
        var agent = UserAgent();
        await SendAsync(Item("""{"hostname":"shop.test","url":"/umami-visible","referrer":"https://news.test/story"}"""), agent);
        _fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        await SendAsync(Item("""{"hostname":"shop.test","url":"/umami-visible","name":"signup","data":{"plan":"pro"}}"""), agent);

        using var query = await _fixture.CreateClient().PostAsync("/api/v2/query", Api.Json("""{"site_id":"shop.test","metrics":["visitors","events"],"date_range":"day","dimensions":["event:name","event:props:plan","visit:referrer"],"filters":[["is","event:page",["/umami-visible"]]]}"""));
        var json = await Api.ReadJsonAsync(query);

        Assert.Equal(
            """[{"metrics":[1,1],"dimensions":["pageview","(none)","https://news.test/story"]},{"metrics":[1,1],"dimensions":["signup","pro","https://news.test/story"]}]""",
            json.GetProperty("results").GetRawText());
    }

    // An event item of shop.test's website (or another) with the given payload members.
    private static string Item(string payload, string website = ShopWebsite) =>
        $$"""{"type":"event","payload":{"website":"{{website}}",{{payload[1..]}}}""";

    // A user agent no other test sends: its events are a visitor of their own.
    private static string UserAgent() => $"{Api.WindowsUserAgent} umami-test/{Interlocked.Increment(ref s_agents)}";

    private Task<(HttpResponseMessage Response, IReadOnlyList<JsonElement> Stored)> SendAsync(
        string body, string? userAgent = null, string path = "/api/send", string contentType = "application/json", string? cache = null) =>
        _fixture.PostAsync(path, body, userAgent ?? UserAgent(), contentType, cache is null ? [] : [("x-umami-cache", cache)]);

    /// <summary>The host on PostgreSQL; shop.test and utc.test each take an Umami website's events.</summary>
    public class UmamiFixture : StatsApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings(TestSchema schema) =>
        [
            .. base.Settings(schema),
            new("Analytics:Sites:0:UmamiWebsiteId", ShopWebsite),
            new("Analytics:Sites:1:UmamiWebsiteId", UtcWebsite),
        ];
    }

    /// <summary>The same on DuckDB.</summary>
    public sealed class DuckDbUmamiFixture : UmamiFixture
    {
        protected override bool UsesDuckDb => true;
    }
}

/// <summary>Umami's collect API on PostgreSQL.</summary>
public sealed class PostgreSqlUmamiCollectApiTests : UmamiCollectApiTests, IClassFixture<UmamiCollectApiTests.UmamiFixture>
{
    public PostgreSqlUmamiCollectApiTests(UmamiFixture fixture)
        : base(fixture)
    {
    }
}

/// <summary>Umami's collect API on DuckDB.</summary>
public sealed class DuckDbUmamiCollectApiTests : UmamiCollectApiTests, IClassFixture<UmamiCollectApiTests.DuckDbUmamiFixture>
{
    public DuckDbUmamiCollectApiTests(DuckDbUmamiFixture fixture)
        : base(fixture)
    {
    }
}
