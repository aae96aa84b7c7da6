using System.Net;
using System.Text.Json;
using Analytics.AspNetCore.Tests.Infrastructure;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// POST /api/v2/query and the realtime visitors over events posted through the API, on each store. Now is
/// Tuesday 2026-02-10 12:00 UTC; shop.test reports in Berlin, so "7d" is 2026-02-03 to 2026-02-09 there.
/// <list type="bullet">
/// <item>Visit a (2026-02-09): /home from google.com, then /pricing a minute later: no bounce, 60 s.</item>
/// <item>Visit b (2026-02-09): /home alone: a bounce, 0 s.</item>
/// <item>Visit c (2026-02-03): /blog, then a "signup" event with plan=pro 30 s later: no bounce, 30 s.</item>
/// <item>Visit d (2026-01-30, the previous 7 days): /home.</item>
/// <item>Visit f (2 minutes ago): /home.</item>
/// </list>
/// </summary>
public abstract class StatsQueryEndToEndTests
{
    private readonly ApiFixture _fixture;

    protected StatsQueryEndToEndTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Totals_of_the_last_seven_days_follow_the_definitions()
    {
        var json = await QueryAsync("""{"site_id":"shop.test","metrics":["visitors","visits","pageviews","events","bounce_rate","visit_duration","views_per_visit"],"date_range":"7d"}""");

        Assert.Equal("""[{"metrics":[3,3,4,5,33,30,1.33],"dimensions":[]}]""", json.GetProperty("results").GetRawText());
    }

    [Fact]
    public async Task Days_are_local_days_in_time_order()
    {
        var json = await QueryAsync("""{"site_id":"shop.test","metrics":["visitors","pageviews"],"date_range":"7d","dimensions":["time"],"include":{"time_labels":true}}""");

        Assert.Equal(
            """[{"metrics":[1,1],"dimensions":["2026-02-03"]},{"metrics":[2,3],"dimensions":["2026-02-09"]}]""",
            json.GetProperty("results").GetRawText());
        Assert.Equal(7, json.GetProperty("meta").GetProperty("time_labels").GetArrayLength());
    }

    [Fact]
    public async Task Pages_are_ordered_by_visitors_then_by_name()
    {
        var json = await QueryAsync("""{"site_id":"shop.test","metrics":["visitors","pageviews"],"date_range":"7d","dimensions":["event:page"]}""");

        Assert.Equal(
            """[{"metrics":[2,2],"dimensions":["/home"]},{"metrics":[1,1],"dimensions":["/blog"]},{"metrics":[1,1],"dimensions":["/pricing"]}]""",
            json.GetProperty("results").GetRawText());
    }

    [Fact]
    public async Task A_page_of_rows_comes_with_the_total_count()
    {
        var json = await QueryAsync("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","dimensions":["event:page"],"pagination":{"limit":1,"offset":1},"include":{"total_rows":true}}""");

        Assert.Equal("""[{"metrics":[1],"dimensions":["/blog"]}]""", json.GetProperty("results").GetRawText());
        Assert.Equal("""{"total_rows":3}""", json.GetProperty("meta").GetRawText());
    }

    [Fact]
    public async Task Custom_properties_show_none_where_an_event_has_no_value()
    {
        var json = await QueryAsync("""{"site_id":"shop.test","metrics":["visitors","events"],"date_range":"7d","dimensions":["event:props:plan"]}""");

        Assert.Equal(
            """[{"metrics":[3,4],"dimensions":["(none)"]},{"metrics":[1,1],"dimensions":["pro"]}]""",
            json.GetProperty("results").GetRawText());
    }

    [Theory]
    [InlineData("""[["is","event:name",["signup"]]]""", 1)]
    [InlineData("""[["contains","event:page",["HOME"],{"case_sensitive":false}]]""", 2)]
    [InlineData("""[["contains","event:page",["HOME"]]]""", 0)]
    [InlineData("""[["not",["is","event:page",["/home"]]]]""", 2)]
    [InlineData("""[["or",[["is","event:page",["/blog"]],["matches","event:page",["^/pri"]]]]]""", 2)]
    public async Task Filters_narrow_the_visitors(string filters, long visitors)
    {
        var json = await QueryAsync($$"""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","filters":{{filters}}}""");

        Assert.Equal(visitors, json.GetProperty("results")[0].GetProperty("metrics")[0].GetInt64());
    }

    [Fact]
    public async Task The_previous_period_is_compared_row_by_row()
    {
        var json = await QueryAsync("""{"site_id":"shop.test","metrics":["visitors","pageviews"],"date_range":"7d","dimensions":["event:page"],"include":{"comparisons":{"mode":"previous_period"}}}""");

        var home = json.GetProperty("results")[0];
        Assert.Equal("""{"dimensions":["/home"],"metrics":[1,1],"change":[100,100]}""", home.GetProperty("comparison").GetRawText());
        var blog = json.GetProperty("results")[1];
        Assert.Equal("""{"dimensions":["/blog"],"metrics":[0,0],"change":[100,100]}""", blog.GetProperty("comparison").GetRawText());
    }

    [Fact]
    public async Task Today_counts_the_visit_of_two_minutes_ago_in_its_local_hour()
    {
        var json = await QueryAsync("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"day","dimensions":["time"]}""");

        Assert.Equal("""[{"metrics":[1],"dimensions":["2026-02-10 12:00:00"]}]""", json.GetProperty("results").GetRawText());
    }

    [Fact]
    public async Task Another_site_sees_none_of_these_events()
    {
        var json = await QueryAsync("""{"site_id":"utc.test","metrics":["visitors","visit_duration"],"date_range":"all"}""");

        Assert.Equal("""[{"metrics":[0,0],"dimensions":[]}]""", json.GetProperty("results").GetRawText());
    }

    [Fact]
    public async Task Realtime_counts_the_visitors_of_the_last_five_minutes()
    {
        using var response = await _fixture.CreateClient().GetAsync("/api/v1/stats/realtime/visitors?site_id=shop.test");

        Assert.Equal("1", (await Api.ReadJsonAsync(response)).GetRawText());
    }

    private async Task<JsonElement> QueryAsync(string body)
    {
        using var response = await _fixture.CreateClient().PostAsync("/api/v2/query", Api.Json(body));
        return await Api.ReadJsonAsync(response, HttpStatusCode.OK);
    }

    /// <summary>The events above, stored in PostgreSQL.</summary>
    public class SeededFixture : StatsApiFixture
    {
        protected override async Task SeedAsync(HttpClient client)
        {
            string[] events =
            [
                Event("2026-02-09T10:00:00Z", "/home", "a", "10.0.0.1", Api.WindowsUserAgent, """ "referrer":"https://google.com/", """),
                Event("2026-02-09T10:01:00Z", "/pricing", "a", "10.0.0.1", Api.WindowsUserAgent),
                Event("2026-02-09T11:00:00Z", "/home", "b", "10.0.0.2", Api.MacUserAgent),
                Event("2026-02-03T09:00:00Z", "/blog", "c", "10.0.0.3", Api.LinuxUserAgent),
                Event("2026-02-03T09:00:30Z", "/blog", "c", "10.0.0.3", Api.LinuxUserAgent, """ "name":"signup","props":{"plan":"pro"}, """),
                Event("2026-01-30T09:00:00Z", "/home", "d", "10.0.0.4", Api.AndroidUserAgent),
                Event("2026-02-10T11:58:00Z", "/home", "f", "10.0.0.6", Api.WindowsUserAgent),
            ];
            foreach (var json in events)
            {
                await client.PostCreatedAsync(json);
            }
        }

        private static string Event(string time, string page, string session, string ip, string userAgent, string extra = "") =>
            $$"""{"site":"{{Site}}",{{extra}}"timestamp":"{{time}}","page":"{{page}}","session_id":"{{session}}","ip_address":"{{ip}}","user_agent":"{{userAgent}}"}""";
    }

    /// <summary>The events above, stored in the standalone host's DuckDB file.</summary>
    public sealed class DuckDbSeededFixture : SeededFixture
    {
        protected override bool UsesDuckDb => true;
    }
}

/// <summary>The stats API end to end on PostgreSQL.</summary>
public sealed class PostgreSqlStatsQueryEndToEndTests : StatsQueryEndToEndTests, IClassFixture<StatsQueryEndToEndTests.SeededFixture>
{
    public PostgreSqlStatsQueryEndToEndTests(SeededFixture fixture)
        : base(fixture)
    {
    }
}

/// <summary>The stats API end to end on DuckDB.</summary>
public sealed class DuckDbStatsQueryEndToEndTests : StatsQueryEndToEndTests, IClassFixture<StatsQueryEndToEndTests.DuckDbSeededFixture>
{
    private readonly DuckDbSeededFixture _fixture;

    public DuckDbStatsQueryEndToEndTests(DuckDbSeededFixture fixture)
        : base(fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public void The_host_runs_on_duckdb()
    {
        Assert.Contains("DuckDB", _fixture.Store.Description, StringComparison.Ordinal);
    }
}
