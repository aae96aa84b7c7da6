using System.Net;
using System.Text;
using System.Text.Json;
using Analytics.AspNetCore.Tests.Infrastructure;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// POST /api/event, Plausible's Events API, on each store: every key short and long, fan-out, props in each of their
/// forms, revenue, hash mode, engagement, dropped events, every invalid field, and what lands in the store and the
/// stats API. The host serves shop.test and utc.test only; its clock is stopped at <see cref="ApiFixture.Now"/>.
/// Each test sends with a user agent of its own, so that its events are a visitor (and a visit) of their own.
/// </summary>
public abstract class PlausibleEventApiTests
{
    private readonly PlausibleFixture _fixture;

    protected PlausibleEventApiTests(PlausibleFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Long_keys_store_name_page_site_referrer_props_and_interactive()
    {
        var stored = await StoreAsync("""{"name":"Signup","url":"https://www.shop.test/pricing?utm_source=news&x=1","domain":"shop.test","referrer":"https://google.com/search","props":{"plan":"pro","seats":3,"trial":true},"interactive":false}""");

        var e = Assert.Single(stored);
        Assert.Equal("shop.test", e.GetProperty("site").GetString());
        Assert.Equal("Signup", e.GetProperty("name").GetString());
        Assert.Equal("/pricing", e.GetProperty("page").GetString());
        Assert.Equal("shop.test", e.GetProperty("hostname").GetString());
        Assert.Equal("https://google.com/search", e.GetProperty("referrer").GetString());
        Assert.Equal("news", e.GetProperty("utm_source").GetString());
        Assert.Equal("""{"plan":"pro","seats":"3","trial":"true"}""", e.GetProperty("props").GetRawText());
        Assert.False(e.GetProperty("interactive").GetBoolean());
        Assert.Equal(JsonValueKind.Null, e.GetProperty("scroll_depth").ValueKind);
        Assert.Equal(JsonValueKind.Null, e.GetProperty("engagement_time").ValueKind);
    }

    [Fact]
    public async Task Short_keys_are_the_same_fields()
    {
        var stored = await StoreAsync("""{"n":"Signup","u":"https://shop.test/pricing","d":"shop.test","r":"https://google.com/","p":{"plan":"pro"},"i":false}""");

        var e = Assert.Single(stored);
        Assert.Equal("Signup", e.GetProperty("name").GetString());
        Assert.Equal("/pricing", e.GetProperty("page").GetString());
        Assert.Equal("shop.test", e.GetProperty("site").GetString());
        Assert.Equal("https://google.com/", e.GetProperty("referrer").GetString());
        Assert.Equal("""{"plan":"pro"}""", e.GetProperty("props").GetRawText());
        Assert.False(e.GetProperty("interactive").GetBoolean());
    }

    [Fact]
    public async Task A_short_key_wins_over_its_long_key_as_with_Plausible()
    {
        var stored = await StoreAsync("""{"name":"long","n":"short","url":"https://shop.test/long","u":"https://shop.test/short","d":"shop.test"}""");

        var e = Assert.Single(stored);
        Assert.Equal("short", e.GetProperty("name").GetString());
        Assert.Equal("/short", e.GetProperty("page").GetString());
    }

    [Fact]
    public async Task Without_a_domain_the_site_is_the_urls_host_and_a_pageview_is_interactive()
    {
        var stored = await StoreAsync("""{"n":"pageview","u":"https://www.utc.test/"}""");

        var e = Assert.Single(stored);
        Assert.Equal("utc.test", e.GetProperty("site").GetString());
        Assert.Equal("pageview", e.GetProperty("name").GetString());
        Assert.True(e.GetProperty("interactive").GetBoolean());
    }

    [Fact]
    public async Task Props_as_a_json_string_and_the_archived_trackers_screen_width_are_taken()
    {
        // plausible-tracker 0.3.x: p is a JSON text, and w the screen width, which is not stored.
        var stored = await StoreAsync("""{"n":"pageview","u":"https://shop.test/archived","d":"shop.test","r":null,"w":1280,"p":"{\"plan\":\"pro\",\"empty\":\"\",\"nested\":{\"a\":1},\"list\":[1]}"}""");

        var e = Assert.Single(stored);
        Assert.Equal("""{"plan":"pro"}""", e.GetProperty("props").GetRawText());
        Assert.Equal(JsonValueKind.Null, e.GetProperty("referrer").ValueKind);
    }

    [Theory]
    [InlineData("m")]
    [InlineData("meta")]
    public async Task Legacy_meta_is_props(string key)
    {
        var stored = await StoreAsync($$$"""{"n":"Legacy","u":"https://shop.test/","d":"shop.test","{{{key}}}":{"plan":"basic"}}""");

        Assert.Equal("""{"plan":"basic"}""", Assert.Single(stored).GetProperty("props").GetRawText());
    }

    [Fact]
    public async Task Revenue_is_kept_as_two_props()
    {
        var stored = await StoreAsync("""{"n":"Purchase","u":"https://shop.test/checkout","d":"shop.test","p":{"plan":"pro"},"revenue":{"amount":"12.50","currency":"eur"}}""");

        Assert.Equal(
            """{"plan":"pro","revenue_amount":"12.50","revenue_currency":"EUR"}""",
            Assert.Single(stored).GetProperty("props").GetRawText());
    }

    [Fact]
    public async Task Revenue_under_the_current_trackers_key_is_kept_and_the_long_key_wins_over_it()
    {
        var dollar = await StoreAsync("""{"n":"Purchase","u":"https://shop.test/checkout","d":"shop.test","$":{"amount":15.99,"currency":"USD"}}""");
        var both = await StoreAsync("""{"n":"Purchase","u":"https://shop.test/checkout","d":"shop.test","$":{"amount":1,"currency":"USD"},"revenue":{"amount":2,"currency":"EUR"}}""");

        Assert.Equal("""{"revenue_amount":"15.99","revenue_currency":"USD"}""", Assert.Single(dollar).GetProperty("props").GetRawText());
        Assert.Equal("""{"revenue_amount":"2","revenue_currency":"EUR"}""", Assert.Single(both).GetProperty("props").GetRawText());
    }

    [Theory]
    [InlineData("h", "1", "/app#/settings")]
    [InlineData("h", "true", "/app#/settings")]
    [InlineData("hashMode", "1", "/app#/settings")]
    [InlineData("h", "0", "/app")]
    [InlineData("h", "null", "/app")]
    public async Task Hash_mode_keeps_the_fragment_in_the_page(string key, string h, string page)
    {
        var stored = await StoreAsync($$"""{"n":"pageview","u":"https://shop.test/app?x=1#/settings","d":"shop.test","{{key}}":{{h}}}""");

        Assert.Equal(page, Assert.Single(stored).GetProperty("page").GetString());
    }

    [Fact]
    public async Task A_list_of_domains_stores_the_event_once_for_each_site()
    {
        var stored = await StoreAsync("""{"n":"pageview","u":"https://shop.test/both","d":"shop.test, www.utc.test,shop.test"}""");

        Assert.Equal(["shop.test", "utc.test"], stored.Select(e => e.GetProperty("site").GetString()!).Order().ToArray());
        Assert.All(stored, e => Assert.Equal("/both", e.GetProperty("page").GetString()));
        Assert.NotEqual(stored[0].GetProperty("id").GetString(), stored[1].GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_engagement_event_lands_in_its_columns_in_the_page_views_visit_and_is_not_interactive()
    {
        var agent = UserAgent();
        var view = Assert.Single(await StoreAsync("""{"n":"pageview","u":"https://shop.test/read","d":"shop.test"}""", agent));
        var engagement = Assert.Single(await StoreAsync("""{"n":"engagement","u":"https://shop.test/read","d":"shop.test","sd":75,"e":12000,"p":{"plan":"pro"}}""", agent));

        Assert.Equal("engagement", engagement.GetProperty("name").GetString());
        Assert.Equal(75, engagement.GetProperty("scroll_depth").GetInt32());
        Assert.Equal(12000, engagement.GetProperty("engagement_time").GetInt64());
        Assert.False(engagement.GetProperty("interactive").GetBoolean());
        Assert.Equal(view.GetProperty("session_id").GetString(), engagement.GetProperty("session_id").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("scroll_depth").ValueKind);
    }

    [Theory]
    [InlineData(""" "sd":"40" """, 40, null)]
    [InlineData(""" "sd":150 """, 100, null)]
    [InlineData(""" "e":"900" """, null, 900L)]
    [InlineData(""" "sd":10,"e":99999999999 """, 10, null)]
    public async Task Engagement_values_are_read_as_Plausible_reads_them(string values, int? depth, long? time)
    {
        var agent = UserAgent();
        await StoreAsync("""{"n":"pageview","u":"https://shop.test/values","d":"shop.test"}""", agent);
        var engagement = Assert.Single(await StoreAsync($$"""{"n":"engagement","u":"https://shop.test/values","d":"shop.test",{{values}}}""", agent));

        Assert.Equal(depth, engagement.GetProperty("scroll_depth").ValueKind == JsonValueKind.Null ? null : engagement.GetProperty("scroll_depth").GetInt32());
        Assert.Equal(time, engagement.GetProperty("engagement_time").ValueKind == JsonValueKind.Null ? null : engagement.GetProperty("engagement_time").GetInt64());
    }

    [Fact]
    public async Task Scroll_depth_and_engagement_time_are_not_stored_on_other_events()
    {
        var e = Assert.Single(await StoreAsync("""{"n":"pageview","u":"https://shop.test/plain","d":"shop.test","sd":50,"e":1000}"""));

        Assert.Equal(JsonValueKind.Null, e.GetProperty("scroll_depth").ValueKind);
        Assert.Equal(JsonValueKind.Null, e.GetProperty("engagement_time").ValueKind);
    }

    [Fact]
    public async Task Engagement_counts_as_no_event_or_page_view_and_does_not_clear_the_bounce()
    {
        var agent = UserAgent();
        await StoreAsync("""{"n":"pageview","u":"https://shop.test/bounced","d":"shop.test"}""", agent);
        _fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        await StoreAsync("""{"n":"engagement","u":"https://shop.test/bounced","d":"shop.test","sd":90,"e":30000}""", agent);

        var json = await QueryAsync("""{"site_id":"shop.test","metrics":["visitors","visits","pageviews","events","bounce_rate"],"date_range":"day","filters":[["is","event:page",["/bounced"]]]}""");

        Assert.Equal("""[{"metrics":[1,1,1,1,100],"dimensions":[]}]""", json.GetProperty("results").GetRawText());
    }

    [Fact]
    public async Task An_engagement_event_without_an_open_visit_is_dropped()
    {
        var (response, stored) = await SendAsync("""{"n":"engagement","u":"https://shop.test/orphan","d":"shop.test","sd":20,"e":500}""", UserAgent());

        await AssertOkAsync(response, dropped: 1);
        Assert.Empty(stored);
    }

    [Fact]
    public async Task A_bots_event_is_dropped_with_Plausibles_header()
    {
        var (response, stored) = await SendAsync(
            """{"n":"pageview","u":"https://shop.test/","d":"shop.test"}""",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");

        await AssertOkAsync(response, dropped: 1);
        Assert.Empty(stored);
    }

    [Fact]
    public async Task A_site_not_served_is_dropped_and_the_others_of_the_list_are_stored()
    {
        var (alone, none) = await SendAsync("""{"n":"pageview","u":"https://other.test/","d":"other.test"}""", UserAgent());
        var (mixed, one) = await SendAsync("""{"n":"pageview","u":"https://shop.test/mixed","d":"other.test,shop.test"}""", UserAgent());

        await AssertOkAsync(alone, dropped: 1);
        Assert.Empty(none);
        await AssertOkAsync(mixed, dropped: 1);
        Assert.Equal("shop.test", Assert.Single(one).GetProperty("site").GetString());
    }

    [Theory]
    [InlineData("""{}""", "event_name")]
    [InlineData("""{"u":"https://shop.test/","d":"shop.test"}""", "event_name")]
    [InlineData("""{"n":"","u":"https://shop.test/","d":"shop.test"}""", "event_name")]
    [InlineData("""{"n":{"a":1},"u":"https://shop.test/","d":"shop.test"}""", "event_name")]
    [InlineData("""{"n":"a\u0000b","u":"https://shop.test/","d":"shop.test"}""", "event_name")]
    [InlineData("""{"n":"pageview","d":"shop.test"}""", "url")]
    [InlineData("""{"n":"pageview","u":5,"d":"shop.test"}""", "url")]
    [InlineData("""{"n":"pageview","u":"data:text/html,hi","d":"shop.test"}""", "url")]
    [InlineData("""{"n":"pageview","u":"/no-host"}""", "domain")]
    [InlineData("""{"n":"pageview","u":"https://shop.test/","d":""}""", "domain")]
    [InlineData("""{"n":"pageview","u":"https://shop.test/","d":"shop.test,"}""", "domain")]
    [InlineData("""{"n":"pageview","u":"https://shop.test/","d":"not a domain"}""", "domain")]
    [InlineData("""{"n":"pageview","u":"https://shop.test/","d":["shop.test"]}""", "domain")]
    [InlineData("""{"n":"pageview","u":"https://shop.test/","d":"a.test,b.test,c.test,d.test,e.test,f.test,g.test,h.test,i.test,j.test,k.test"}""", "domain")]
    [InlineData("""{"n":"pageview","u":"https://shop.test/","d":"shop.test","r":5}""", "referrer")]
    [InlineData("""{"n":"x","u":"https://shop.test/","d":"shop.test","p":[1]}""", "props")]
    [InlineData("""{"n":"x","u":"https://shop.test/","d":"shop.test","p":"not json"}""", "props")]
    [InlineData("""{"n":"x","u":"https://shop.test/","d":"shop.test","p":"[1]"}""", "props")]
    [InlineData("""{"n":"x","u":"https://shop.test/","d":"shop.test","p":"{\"a\":1} 2"}""", "props")]
    [InlineData("""{"n":"x","u":"https://shop.test/","d":"shop.test","i":"yes"}""", "interactive")]
    [InlineData("""{"n":"x","u":"https://shop.test/","d":"shop.test","h":"yes"}""", "hash_mode")]
    [InlineData("""{"n":"engagement","u":"https://shop.test/","d":"shop.test"}""", "event_name")]
    [InlineData("""{"n":"engagement","u":"https://shop.test/","d":"shop.test","sd":-1}""", "scroll_depth")]
    [InlineData("""{"n":"engagement","u":"https://shop.test/","d":"shop.test","sd":2.5}""", "scroll_depth")]
    [InlineData("""{"n":"engagement","u":"https://shop.test/","d":"shop.test","e":"soon"}""", "engagement_time")]
    [InlineData("""{"n":"x","u":"https://shop.test/","d":"shop.test","revenue":5}""", "revenue")]
    [InlineData("""{"n":"x","u":"https://shop.test/","d":"shop.test","revenue":{"amount":10}}""", "revenue")]
    [InlineData("""{"n":"x","u":"https://shop.test/","d":"shop.test","revenue":{"amount":"ten","currency":"EUR"}}""", "revenue.amount")]
    [InlineData("""{"n":"x","u":"https://shop.test/","d":"shop.test","revenue":{"amount":1,"currency":"EURO"}}""", "revenue.currency")]
    [InlineData("""{"n":"x","u":"https://shop.test/","d":"shop.test","revenue":{"amount":1,"currency":"E1R"}}""", "revenue.currency")]
    [InlineData("""{"n":"x","u":"https://shop.test/","d":"shop.te""", "request")]
    [InlineData("""[{"n":"x"}]""", "request")]
    [InlineData("""{"n":"x","u":"https://shop.test/","d":"shop.test"} {}""", "request")]
    [InlineData("", "request")]
    public async Task An_invalid_field_is_a_400_in_Plausibles_errors_shape_and_nothing_is_stored(string body, string field)
    {
        var (response, stored) = await SendAsync(body, UserAgent());

        await AssertErrorsAsync(response, field);
        Assert.Empty(stored);
    }

    [Fact]
    public async Task Hostile_bodies_are_400s_never_500s()
    {
        string[] bodies =
        [
            $$"""{"n":"x","u":"https://shop.test/","d":"shop.test","p":{{new string('[', 200)}}}""",
            $$$"""{"n":"x","u":"https://shop.test/","d":"shop.test","p":{"k":"{{{new string('v', 2001)}}}"}}""",
            $$$"""{"n":"x","u":"https://shop.test/","d":"shop.test","p":{"{{{new string('k', 301)}}}":"v"}}""",
            $$$"""{"n":"x","u":"https://shop.test/","d":"shop.test","p":{{{{string.Join(",", Enumerable.Range(0, 31).Select(i => $"\"k{i}\":{i}"))}}}}}""",
            $$"""{"n":"{{new string('n', 121)}}","u":"https://shop.test/","d":"shop.test"}""",
            $$"""{"n":"x","u":"https://shop.test/{{new string('p', 2048)}}","d":"shop.test"}""",
            """{"n":"x","u":"https://shop.test/","d":"shop.test","p":"{\"k\":\"\\u0000\"}"}""",
            """{"n":"\ud800","u":"https://shop.test/","d":"shop.test"}""",
        ];
        foreach (var body in bodies)
        {
            var (response, stored) = await SendAsync(body, UserAgent());

            await AssertErrorsAsync(response, field: null);
            Assert.Empty(stored);
        }

        // A name that is not UTF-8.
        using var invalidUtf8 = new ByteArrayContent([.. "{\"n\":\""u8, 0xC3, 0x28, .. "\",\"u\":\"https://shop.test/\",\"d\":\"shop.test\"}"u8]);
        invalidUtf8.Headers.ContentType = new("text/plain");
        using var garbage = await _fixture.CreateClient().PostAsync("/api/event", invalidUtf8);
        await AssertErrorsAsync(garbage, "event_name");
    }

    [Fact]
    public async Task A_referrer_over_the_bound_is_cut_as_Plausible_cuts_it()
    {
        var referrer = "https://news.test/" + new string('r', 3000);
        var e = Assert.Single(await StoreAsync($$"""{"n":"pageview","u":"https://shop.test/long-referrer","d":"shop.test","r":"{{referrer}}"}"""));

        Assert.Equal(referrer[..2048], e.GetProperty("referrer").GetString());
    }

    [Fact]
    public async Task Only_this_route_creates_engagement_events_POST_api_events_still_refuses_the_name()
    {
        using var response = await _fixture.CreateClient().PostEventAsync("""{"page":"https://shop.test/","name":"engagement"}""");

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task Json_content_is_taken_too()
    {
        var (response, stored) = await SendAsync("""{"n":"pageview","u":"https://shop.test/json","d":"shop.test"}""", UserAgent(), "application/json");

        await AssertOkAsync(response, dropped: null);
        Assert.Single(stored);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task Another_content_type_is_a_415_problem(string contentType)
    {
        var (response, stored) = await SendAsync("""{"n":"pageview","u":"https://shop.test/","d":"shop.test"}""", UserAgent(), contentType);

        await Api.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(stored);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        var body = $$$"""{"n":"pageview","u":"https://shop.test/","d":"shop.test","p":{"k":"{{{new string('v', 70_000)}}}"}}""";
        var (response, stored) = await SendAsync(body, UserAgent());

        await Api.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(stored);
    }

    [Fact]
    public async Task What_was_sent_shows_in_the_stats_api()
    {
        var agent = UserAgent();
        await StoreAsync("""{"n":"pageview","u":"https://shop.test/visible?utm_source=letter","d":"shop.test","r":"https://news.test/story"}""", agent);
        _fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        await StoreAsync("""{"n":"Signup","u":"https://shop.test/visible","d":"shop.test","p":{"plan":"pro"}}""", agent);

        var byName = await QueryAsync("""{"site_id":"shop.test","metrics":["visitors","events"],"date_range":"day","dimensions":["event:name","event:props:plan"],"filters":[["is","event:page",["/visible"]]]}""");
        var bySource = await QueryAsync("""{"site_id":"shop.test","metrics":["visitors","visits","pageviews","bounce_rate"],"date_range":"day","dimensions":["visit:referrer","visit:source","event:page"],"filters":[["is","event:page",["/visible"]]]}""");

        Assert.Equal(
            """[{"metrics":[1,1],"dimensions":["Signup","pro"]},{"metrics":[1,1],"dimensions":["pageview","(none)"]}]""",
            byName.GetProperty("results").GetRawText());
        Assert.Equal(
            """[{"metrics":[1,1,1,0],"dimensions":["https://news.test/story","letter","/visible"]}]""",
            bySource.GetProperty("results").GetRawText());
    }

    private static int s_agents;

    // A user agent no other test sends: its events are a visitor of their own.
    private static string UserAgent() => $"{Api.WindowsUserAgent} plausible-test/{Interlocked.Increment(ref s_agents)}";

    private Task<(HttpResponseMessage Response, IReadOnlyList<JsonElement> Stored)> SendAsync(string body, string userAgent, string contentType = "text/plain") =>
        _fixture.PostAsync("/api/event", body, userAgent, contentType);

    private async Task<IReadOnlyList<JsonElement>> StoreAsync(string body, string? userAgent = null)
    {
        var (response, stored) = await SendAsync(body, userAgent ?? UserAgent());
        await AssertOkAsync(response, dropped: null);
        Assert.NotEmpty(stored);
        return stored;
    }

    private async Task<JsonElement> QueryAsync(string body)
    {
        using var response = await _fixture.CreateClient().PostAsync("/api/v2/query", Api.Json(body));
        return await Api.ReadJsonAsync(response);
    }

    private static async Task AssertOkAsync(HttpResponseMessage response, int? dropped)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202 but got {(int)response.StatusCode}: {body}");
        Assert.Equal("ok", body);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            dropped?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            response.Headers.TryGetValues("x-plausible-dropped", out var values) ? Assert.Single(values) : null);
    }

    // Plausible's shape, {"errors": {"field": ["message"]}}, inside a problem+json validation problem.
    private static async Task AssertErrorsAsync(HttpResponseMessage response, string? field)
    {
        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        var errors = problem.GetProperty("errors");
        Assert.NotEmpty(errors.EnumerateObject());
        Assert.All(errors.EnumerateObject(), pair => Assert.All(pair.Value.EnumerateArray(), message => Assert.False(string.IsNullOrEmpty(message.GetString()))));
    }

    /// <summary>The host on PostgreSQL, serving shop.test and utc.test.</summary>
    public class PlausibleFixture : StatsApiFixture;

    /// <summary>The host on its DuckDB file, serving shop.test and utc.test.</summary>
    public sealed class DuckDbPlausibleFixture : PlausibleFixture
    {
        protected override bool UsesDuckDb => true;
    }
}

/// <summary>Plausible's Events API on PostgreSQL.</summary>
public sealed class PostgreSqlPlausibleEventApiTests : PlausibleEventApiTests, IClassFixture<PlausibleEventApiTests.PlausibleFixture>
{
    public PostgreSqlPlausibleEventApiTests(PlausibleFixture fixture)
        : base(fixture)
    {
    }
}

/// <summary>Plausible's Events API on DuckDB.</summary>
public sealed class DuckDbPlausibleEventApiTests : PlausibleEventApiTests, IClassFixture<PlausibleEventApiTests.DuckDbPlausibleFixture>
{
    public DuckDbPlausibleEventApiTests(DuckDbPlausibleFixture fixture)
        : base(fixture)
    {
    }
}
