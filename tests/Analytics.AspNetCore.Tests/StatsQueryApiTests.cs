using System.Net;
using System.Text.Json;
using Analytics.AspNetCore.Tests.Infrastructure;
using Analytics.Events;
using Analytics.Querying.Stats;
using Analytics.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// POST /api/v2/query and the realtime visitors through HTTP on PostgreSQL: each test stores its own events, on a site
/// of its own, and checks the answer in Plausible's shape (results, meta, the query echoed, comparisons) against
/// numbers worked out by hand. Now is Tuesday 2026-02-10 12:00 UTC; the sites report in Berlin (+01:00) unless said
/// otherwise, so "7d" is 2026-02-03 to 2026-02-09 there and the previous period 2026-01-27 to 2026-02-02.
/// </summary>
public sealed class StatsQueryApiTests : IClassFixture<StatsQueryApiTests.Fixture>
{
    private readonly Fixture _fixture;

    public StatsQueryApiTests(Fixture fixture)
    {
        _fixture = fixture;
        _fixture.Store.ClearQueries();
    }

    [Fact]
    public async Task Seven_days_are_the_sites_local_days_before_today()
    {
        const string Site = "range.test";
        await PostEventAsync(Site, "2026-02-02T22:59:59Z", visitor: 1); // 2026-02-02 23:59:59 in Berlin: before
        await PostEventAsync(Site, "2026-02-02T23:00:00Z", visitor: 2); // 2026-02-03 00:00:00: the first second
        await PostEventAsync(Site, "2026-02-09T22:59:59Z", visitor: 3); // 2026-02-09 23:59:59: the last second
        await PostEventAsync(Site, "2026-02-09T23:00:00Z", visitor: 4); // 2026-02-10 00:00:00: today, after

        var json = await QueryAsync("""{"site_id":"WWW.Range.Test","metrics":["visitors"],"date_range":"7d"}""");

        Assert.Equal("""[{"metrics":[2],"dimensions":[]}]""", json.GetProperty("results").GetRawText());
        var query = json.GetProperty("query");
        Assert.Equal(Site, query.GetProperty("site_id").GetString());
        Assert.Equal("""["2026-02-03T00:00:00+01:00","2026-02-09T23:59:59+01:00"]""", query.GetProperty("date_range").GetRawText());
    }

    [Fact]
    public async Task The_answer_has_plausibles_shape_with_the_query_echoed()
    {
        // Two visits: /home then /pricing 90 s later (2 page views, no bounce), and /home alone (a bounce, 0 s).
        const string Site = "shape.test";
        await PostEventAsync(Site, "2026-02-05T10:00:00Z", visitor: 1, page: "/home");
        await PostEventAsync(Site, "2026-02-05T10:01:30Z", visitor: 1, page: "/pricing");
        await PostEventAsync(Site, "2026-02-06T10:00:00Z", visitor: 2, page: "/home");

        var json = await QueryAsync("""{"site_id":"shape.test","metrics":["visitors","views_per_visit","visit_duration","bounce_rate"],"date_range":"7d"}""");

        Assert.Equal(["results", "meta", "query"], json.EnumerateObject().Select(p => p.Name));
        var row = Assert.Single(json.GetProperty("results").EnumerateArray());
        Assert.Equal(["metrics", "dimensions"], row.EnumerateObject().Select(p => p.Name));
        // 2 visitors; 3 page views / 2 visits; (90 + 0) / 2 s; 1 bounce of 2 visits.
        Assert.Equal("[2,1.5,45,50]", row.GetProperty("metrics").GetRawText());
        Assert.Equal("[]", row.GetProperty("dimensions").GetRawText());
        Assert.Equal("{}", json.GetProperty("meta").GetRawText());

        var query = json.GetProperty("query");
        Assert.Equal(["site_id", "metrics", "date_range", "filters", "dimensions", "order_by", "include", "pagination"], query.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Site, query.GetProperty("site_id").GetString());
        Assert.Equal("""["visitors","views_per_visit","visit_duration","bounce_rate"]""", query.GetProperty("metrics").GetRawText());
        Assert.Equal("""["2026-02-03T00:00:00+01:00","2026-02-09T23:59:59+01:00"]""", query.GetProperty("date_range").GetRawText());
        Assert.Equal("[]", query.GetProperty("filters").GetRawText());
        Assert.Equal("[]", query.GetProperty("dimensions").GetRawText());
        Assert.Equal("""[["visitors","desc"]]""", query.GetProperty("order_by").GetRawText());
        Assert.Equal("{}", query.GetProperty("include").GetRawText());
        Assert.Equal("""{"limit":10000,"offset":0}""", query.GetProperty("pagination").GetRawText());
    }

    [Fact]
    public async Task Bare_time_is_resolved_and_ordered_first_by_default()
    {
        const string Site = "time.test";
        await PostEventAsync(Site, "2026-02-03T10:00:00Z", visitor: 1, extra: Google);
        await PostEventAsync(Site, "2026-02-03T11:00:00Z", visitor: 2, extra: Google);
        await PostEventAsync(Site, "2026-02-03T12:00:00Z", visitor: 3, extra: Bing);
        await PostEventAsync(Site, "2026-02-05T10:00:00Z", visitor: 4);

        var json = await QueryAsync("""{"site_id":"time.test","metrics":["visitors"],"date_range":"7d","dimensions":["time","visit:source"]}""");

        Assert.Equal("""["time:day","visit:source"]""", json.GetProperty("query").GetProperty("dimensions").GetRawText());
        Assert.Equal("""[["time:day","asc"],["visitors","desc"]]""", json.GetProperty("query").GetProperty("order_by").GetRawText());
        // Days first: the later day's single visitor comes after the first day's rows, whatever their counts.
        Assert.Equal(
            """[{"metrics":[2],"dimensions":["2026-02-03","google.com"]},{"metrics":[1],"dimensions":["2026-02-03","bing.com"]},"""
            + """{"metrics":[1],"dimensions":["2026-02-05","Direct / None"]}]""",
            json.GetProperty("results").GetRawText());
    }

    [Theory]
    [InlineData("day", "time:hour", """[["2026-02-10 12:00:00"]]""")]
    [InlineData("24h", "time:hour", """[["2026-02-10 12:00:00"]]""")]
    [InlineData("30d", "time:day", """[["2026-02-04"]]""")]
    [InlineData("month", "time:day", """[["2026-02-04"],["2026-02-10"]]""")]
    [InlineData("91d", "time:week", """[["2026-02-02"]]""")]
    [InlineData("6mo", "time:week", "[]")]
    [InlineData("12mo", "time:month", "[]")]
    [InlineData("year", "time:month", """[["2026-02-01"]]""")]
    public async Task Bare_time_follows_the_length_of_the_range(string range, string expected, string buckets)
    {
        // Every case stores the same two events; their ids make the second and later posts of each a no-op.
        const string Site = "bare-time.test";
        await PostEventAsync(Site, "2026-02-04T10:00:00Z", visitor: 1, extra: """ "id":"0194e2a0-0000-7000-8000-000000000001" """);
        await PostEventAsync(Site, "2026-02-10T11:00:00Z", visitor: 2, extra: """ "id":"0194e2a0-0000-7000-8000-000000000002" """);

        var json = await QueryAsync($$"""{"site_id":"bare-time.test","metrics":["visitors"],"date_range":"{{range}}","dimensions":["time"]}""");

        Assert.Equal(expected, json.GetProperty("query").GetProperty("dimensions")[0].GetString());
        Assert.Equal(buckets, JsonSerializer.Serialize(json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("dimensions"))));
    }

    [Fact]
    public async Task Order_by_time_names_the_resolved_dimension()
    {
        // Today, in Berlin's hours 09:00 (two page views), 10:00 and 11:00 (one each).
        const string Site = "order.test";
        await PostEventAsync(Site, "2026-02-10T08:00:00Z", visitor: 1);
        await PostEventAsync(Site, "2026-02-10T08:10:00Z", visitor: 1);
        await PostEventAsync(Site, "2026-02-10T09:00:00Z", visitor: 2);
        await PostEventAsync(Site, "2026-02-10T10:00:00Z", visitor: 3);

        var json = await QueryAsync("""{"site_id":"order.test","metrics":["visitors","pageviews"],"date_range":"day","dimensions":["time"],"order_by":[["pageviews","asc"],["time","desc"]]}""");

        Assert.Equal("""[["pageviews","asc"],["time:hour","desc"]]""", json.GetProperty("query").GetProperty("order_by").GetRawText());
        Assert.Equal(
            """[{"metrics":[1,1],"dimensions":["2026-02-10 11:00:00"]},{"metrics":[1,1],"dimensions":["2026-02-10 10:00:00"]},"""
            + """{"metrics":[1,2],"dimensions":["2026-02-10 09:00:00"]}]""",
            json.GetProperty("results").GetRawText());
    }

    [Fact]
    public async Task Nested_filters_are_applied_and_echoed_as_sent()
    {
        const string Site = "filter.test";
        await PostEventAsync(Site, "2026-02-05T10:00:00Z", visitor: 1, page: "/blog/post", extra: Google); // counts: a blog page
        await PostEventAsync(Site, "2026-02-05T10:00:00Z", visitor: 2, page: "/pricing", extra: Bing + ""","props":{"plan":"pro"}"""); // neither branch
        await PostEventAsync(Site, "2026-02-05T10:00:00Z", visitor: 3, page: "/pricing", extra: Bing + ""","props":{"plan":"free"}"""); // counts: not pro
        await PostEventAsync(Site, "2026-02-05T10:00:00Z", visitor: 4, page: "/blog"); // direct: not one of the sources
        await PostEventAsync(Site, "2026-02-05T10:00:00Z", visitor: 5, page: "/BLOG/news", extra: Google + ""","props":{"plan":"pro"}"""); // counts: case folded
        const string Filters = """[["is","visit:source",["google.com","bing.com"]],["or",[["contains","event:page",["/Blog"],{"case_sensitive":false}],["not",["matches","event:props:plan",["^pro"]]]]]]""";

        var json = await QueryAsync($$"""{"site_id":"filter.test","metrics":["visitors"],"date_range":"7d","filters":{{Filters}}}""");

        Assert.Equal("""[{"metrics":[3],"dimensions":[]}]""", json.GetProperty("results").GetRawText());
        Assert.Equal(Filters, json.GetProperty("query").GetProperty("filters").GetRawText());
    }

    [Fact]
    public async Task Session_metrics_grouped_by_page_and_hostname_follow_the_entry_page()
    {
        const string Site = "entry.test";
        await PostEventAsync(Site, "2026-02-05T10:00:00Z", visitor: 1, page: "https://entry.test/home"); // 60 s, no bounce
        await PostEventAsync(Site, "2026-02-05T10:01:00Z", visitor: 1, page: "https://entry.test/pricing");
        await PostEventAsync(Site, "2026-02-05T11:00:00Z", visitor: 2, page: "https://entry.test/home"); // a bounce
        await PostEventAsync(Site, "2026-02-05T12:00:00Z", visitor: 3, page: "https://entry.test/pricing"); // a bounce
        await PostEventAsync(Site, "2026-02-05T13:00:00Z", visitor: 4, page: "https://blog.entry.test/post"); // a bounce

        var json = await QueryAsync("""{"site_id":"entry.test","metrics":["bounce_rate","visit_duration"],"date_range":"7d","dimensions":["event:page","event:hostname"]}""");

        // By entry page: /home has visits 1 and 2 (1 bounce of 2, (60 + 0) / 2 s); /pricing only visit 3, not visit 1.
        Assert.Equal(
            """[{"metrics":[100,0],"dimensions":["/post","blog.entry.test"]},{"metrics":[100,0],"dimensions":["/pricing","entry.test"]},"""
            + """{"metrics":[50,30],"dimensions":["/home","entry.test"]}]""",
            json.GetProperty("results").GetRawText());
    }

    [Fact]
    public async Task A_page_of_rows_is_echoed_without_meta()
    {
        const string Site = "pages.test";
        await SeedThreeSourcesAsync(Site);

        var json = await QueryAsync("""{"site_id":"pages.test","metrics":["visitors"],"date_range":"7d","dimensions":["visit:source"],"pagination":{"limit":1,"offset":2}}""");

        Assert.Equal("""[{"metrics":[1],"dimensions":["duckduckgo.com"]}]""", json.GetProperty("results").GetRawText());
        Assert.Equal("""{"limit":1,"offset":2}""", json.GetProperty("query").GetProperty("pagination").GetRawText());
        Assert.Equal("{}", json.GetProperty("meta").GetRawText());
    }

    [Fact]
    public async Task Total_rows_count_the_rows_before_pagination()
    {
        const string Site = "total.test";
        await SeedThreeSourcesAsync(Site);

        var first = await QueryAsync("""{"site_id":"total.test","metrics":["visitors"],"date_range":"7d","dimensions":["visit:source"],"pagination":{"limit":1},"include":{"total_rows":true}}""");
        var pastTheEnd = await QueryAsync("""{"site_id":"total.test","metrics":["visitors"],"date_range":"7d","dimensions":["visit:source"],"pagination":{"limit":1,"offset":5},"include":{"total_rows":true}}""");

        Assert.Equal("""[{"metrics":[3],"dimensions":["google.com"]}]""", first.GetProperty("results").GetRawText());
        Assert.Equal("""{"total_rows":3}""", first.GetProperty("meta").GetRawText());
        Assert.Equal("""{"total_rows":true}""", first.GetProperty("query").GetProperty("include").GetRawText());
        Assert.Equal("[]", pastTheEnd.GetProperty("results").GetRawText());
        Assert.Equal("""{"total_rows":3}""", pastTheEnd.GetProperty("meta").GetRawText());
    }

    [Fact]
    public async Task Time_labels_list_every_bucket_of_the_range()
    {
        const string Site = "labels.test";
        await PostEventAsync(Site, "2026-02-05T10:00:00Z", visitor: 1);

        var json = await QueryAsync("""{"site_id":"labels.test","metrics":["visitors"],"date_range":"7d","dimensions":["time:day"],"include":{"time_labels":true,"total_rows":false}}""");

        Assert.Equal("""[{"metrics":[1],"dimensions":["2026-02-05"]}]""", json.GetProperty("results").GetRawText());
        Assert.Equal(
            """{"time_labels":["2026-02-03","2026-02-04","2026-02-05","2026-02-06","2026-02-07","2026-02-08","2026-02-09"]}""",
            json.GetProperty("meta").GetRawText());
        Assert.Equal("""{"time_labels":true}""", json.GetProperty("query").GetProperty("include").GetRawText());
    }

    [Fact]
    public async Task Hourly_time_labels_are_local_hours_with_a_space()
    {
        const string Site = "hourly.test";
        await PostEventAsync(Site, "2026-02-10T10:30:00Z", visitor: 1);

        var json = await QueryAsync("""{"site_id":"hourly.test","metrics":["visitors"],"date_range":"day","dimensions":["time"],"include":{"time_labels":true}}""");

        Assert.Equal("""[{"metrics":[1],"dimensions":["2026-02-10 11:00:00"]}]""", json.GetProperty("results").GetRawText());
        var labels = json.GetProperty("meta").GetProperty("time_labels").EnumerateArray().Select(l => l.GetString()).ToList();
        Assert.Equal(24, labels.Count);
        Assert.Equal("2026-02-10 00:00:00", labels[0]);
        Assert.Equal("2026-02-10 11:00:00", labels[11]);
        Assert.Equal("2026-02-10 23:00:00", labels[^1]);
    }

    [Fact]
    public async Task A_datetime_range_runs_to_the_end_of_its_last_second_and_is_echoed_in_the_site_offset()
    {
        const string Site = "instant.test";
        await PostEventAsync(Site, "2026-02-09T07:59:59Z", visitor: 1);
        await PostEventAsync(Site, "2026-02-09T08:00:00Z", visitor: 2);
        await PostEventAsync(Site, "2026-02-09T09:59:59.500Z", visitor: 3);
        await PostEventAsync(Site, "2026-02-09T10:00:00Z", visitor: 4);

        var json = await QueryAsync("""{"site_id":"instant.test","metrics":["visitors"],"date_range":["2026-02-09T08:00:00Z","2026-02-09T09:59:59Z"]}""");

        Assert.Equal("""[{"metrics":[2],"dimensions":[]}]""", json.GetProperty("results").GetRawText());
        Assert.Equal("""["2026-02-09T09:00:00+01:00","2026-02-09T10:59:59+01:00"]""", json.GetProperty("query").GetProperty("date_range").GetRawText());
    }

    [Fact]
    public async Task A_utc_site_counts_utc_days_and_echoes_its_range_with_a_zero_offset()
    {
        const string Site = "utc-day.test";
        await PostEventAsync(Site, "2026-02-09T23:59:59Z", visitor: 1); // today in Berlin, yesterday in UTC
        await PostEventAsync(Site, "2026-02-10T00:00:00Z", visitor: 2);
        await PostEventAsync(Site, "2026-02-10T11:00:00Z", visitor: 3);

        var json = await QueryAsync("""{"site_id":"utc-day.test","metrics":["visitors"],"date_range":"day"}""");

        Assert.Equal("""[{"metrics":[2],"dimensions":[]}]""", json.GetProperty("results").GetRawText());
        Assert.Equal("""["2026-02-10T00:00:00+00:00","2026-02-10T23:59:59+00:00"]""", json.GetProperty("query").GetProperty("date_range").GetRawText());
    }

    [Fact]
    public async Task Previous_period_compares_each_row_with_the_same_row_before_it()
    {
        const string Site = "previous.test";
        await PostEventAsync(Site, "2026-02-03T10:00:00Z", visitor: 1, extra: Google); // a bounce
        await PostEventAsync(Site, "2026-02-03T11:00:00Z", visitor: 2, extra: Google); // two page views
        await PostEventAsync(Site, "2026-02-03T11:01:00Z", visitor: 2);
        await PostEventAsync(Site, "2026-02-09T10:00:00Z", visitor: 3, extra: Bing); // a bounce
        await PostEventAsync(Site, "2026-01-27T10:00:00Z", visitor: 4, extra: Google); // a bounce, the day paired with 02-03
        await PostEventAsync(Site, "2026-02-01T10:00:00Z", visitor: 5, extra: Bing); // not the day paired with 02-09

        var json = await QueryAsync("""{"site_id":"previous.test","metrics":["visitors","bounce_rate"],"date_range":"7d","dimensions":["time:day","visit:source"],"include":{"comparisons":{"mode":"previous_period"}}}""");

        // Visitors 2 from 1 is +100 %; the bounce rate 50 from 100 is -50 points, and from no visits has no change.
        Assert.Equal(
            """[{"metrics":[2,50],"dimensions":["2026-02-03","google.com"],"comparison":{"dimensions":["2026-01-27","google.com"],"metrics":[1,100],"change":[100,-50]}},"""
            + """{"metrics":[1,100],"dimensions":["2026-02-09","bing.com"],"comparison":{"dimensions":["2026-02-02","bing.com"],"metrics":[0,0],"change":[100,null]}}]""",
            json.GetProperty("results").GetRawText());
        Assert.Equal("""{"comparisons":{"mode":"previous_period"}}""", json.GetProperty("query").GetProperty("include").GetRawText());

        // The comparison query reads only the page's sources (which changes no row, so only the store can see it).
        var queries = QueriesFor(Site);
        Assert.Equal(2, queries.Count);
        var narrowed = Assert.IsType<StatsCondition>(Assert.Single(queries[1].Filters));
        Assert.Equal(("visit:source", StatsFilterOperator.Is), (narrowed.Dimension.Name, narrowed.Operator));
        Assert.Equal(["google.com", "bing.com"], narrowed.Values);
    }

    [Fact]
    public async Task Year_over_year_compares_with_the_same_local_dates_a_year_before()
    {
        const string Site = "yoy.test";
        await PostEventAsync(Site, "2026-02-02T10:00:00Z", visitor: 1); // 30 s
        await PostEventAsync(Site, "2026-02-02T10:00:30Z", visitor: 1);
        await PostEventAsync(Site, "2026-02-05T10:00:00Z", visitor: 2); // 90 s
        await PostEventAsync(Site, "2026-02-05T10:01:30Z", visitor: 2);
        await PostEventAsync(Site, "2026-02-09T10:00:00Z", visitor: 3); // 0 s

        // A year ago is older than the retention the ingestion route accepts, so these go to the store directly (the
        // clock is stopped, so no maintenance run after startup deletes them).
        await AppendAsync(Site, "2025-01-31T22:59:59Z", visitor: 4); // 2025-01-31 23:59:59 in Berlin: before
        await AppendAsync(Site, "2025-02-10T10:00:00Z", visitor: 5); // 120 s
        await AppendAsync(Site, "2025-02-10T10:02:00Z", visitor: 5);
        await AppendAsync(Site, "2025-02-28T22:59:59Z", visitor: 6); // 2025-02-28 23:59:59 in Berlin: the last second, 0 s
        await AppendAsync(Site, "2025-02-28T23:00:00Z", visitor: 7); // 2025-03-01 in Berlin: after

        var json = await QueryAsync("""{"site_id":"yoy.test","metrics":["visitors","visit_duration"],"date_range":"month","include":{"comparisons":{"mode":"year_over_year"}}}""");

        // Now 3 visitors, (30 + 90 + 0) / 3 = 40 s; a year before 2 visitors, (120 + 0) / 2 = 60 s: +50 % and -33 %.
        Assert.Equal(
            """[{"metrics":[3,40],"dimensions":[],"comparison":{"dimensions":[],"metrics":[2,60],"change":[50,-33]}}]""",
            json.GetProperty("results").GetRawText());
        Assert.Equal("""["2026-02-01T00:00:00+01:00","2026-02-28T23:59:59+01:00"]""", json.GetProperty("query").GetProperty("date_range").GetRawText());
    }

    [Fact]
    public async Task A_custom_comparison_uses_the_given_range_and_pairs_time_buckets_by_position()
    {
        const string Site = "custom.test";
        await PostEventAsync(Site, "2026-02-04T10:00:00Z", visitor: 1); // the range's 2nd day
        await PostEventAsync(Site, "2026-02-04T11:00:00Z", visitor: 2);
        await PostEventAsync(Site, "2026-02-08T10:00:00Z", visitor: 3); // its 6th day
        await PostEventAsync(Site, "2025-11-30T10:00:00Z", visitor: 4); // before the custom range
        await PostEventAsync(Site, "2025-12-02T10:00:00Z", visitor: 5); // the custom range's 2nd day
        await PostEventAsync(Site, "2025-12-06T10:00:00Z", visitor: 6); // its 6th day
        await PostEventAsync(Site, "2025-12-06T11:00:00Z", visitor: 7);
        await PostEventAsync(Site, "2025-12-08T10:00:00Z", visitor: 8); // after it

        var json = await QueryAsync("""{"site_id":"custom.test","metrics":["visitors"],"date_range":"7d","dimensions":["time:day"],"include":{"comparisons":{"mode":"custom","date_range":["2025-12-01","2025-12-07"]}}}""");

        Assert.Equal(
            """[{"metrics":[2],"dimensions":["2026-02-04"],"comparison":{"dimensions":["2025-12-02"],"metrics":[1],"change":[100]}},"""
            + """{"metrics":[1],"dimensions":["2026-02-08"],"comparison":{"dimensions":["2025-12-06"],"metrics":[2],"change":[-50]}}]""",
            json.GetProperty("results").GetRawText());
        Assert.Equal(
            """{"comparisons":{"mode":"custom","date_range":["2025-12-01","2025-12-07"]}}""",
            json.GetProperty("query").GetProperty("include").GetRawText());
    }

    [Fact]
    public async Task The_comparison_keeps_every_row_when_percentage_needs_the_whole_total()
    {
        const string Site = "percentage.test";
        await PostEventAsync(Site, "2026-02-05T10:00:00Z", visitor: 1, extra: Google);
        await PostEventAsync(Site, "2026-02-05T11:00:00Z", visitor: 2, extra: Google);
        await PostEventAsync(Site, "2026-01-29T10:00:00Z", visitor: 3, extra: Google);
        await PostEventAsync(Site, "2026-01-29T11:00:00Z", visitor: 4, extra: Bing);
        await PostEventAsync(Site, "2026-01-29T12:00:00Z", visitor: 5, extra: Bing);
        await PostEventAsync(Site, "2026-01-29T13:00:00Z", visitor: 6, extra: Bing);

        var json = await QueryAsync("""{"site_id":"percentage.test","metrics":["visitors","percentage"],"date_range":"7d","dimensions":["visit:source"],"include":{"comparisons":{"mode":"previous_period"}}}""");

        // Before, Google had 1 of 4 visitors: 25 %, which a comparison narrowed to Google would have read as 100 %.
        Assert.Equal(
            """[{"metrics":[2,100],"dimensions":["google.com"],"comparison":{"dimensions":["google.com"],"metrics":[1,25],"change":[100,300]}}]""",
            json.GetProperty("results").GetRawText());
    }

    [Fact]
    public async Task No_comparison_query_runs_for_an_empty_page()
    {
        const string Site = "empty.test";
        await PostEventAsync(Site, "2026-01-29T10:00:00Z", visitor: 1, extra: Google); // the previous period only

        var json = await QueryAsync("""{"site_id":"empty.test","metrics":["visitors"],"date_range":"7d","dimensions":["visit:source"],"include":{"comparisons":{"mode":"previous_period"}}}""");

        Assert.Equal("[]", json.GetProperty("results").GetRawText());
        Assert.Single(QueriesFor(Site));
    }

    [Fact]
    public async Task A_pattern_dotnet_accepts_but_postgresql_refuses_gets_a_400()
    {
        // \p{L} (a Unicode letter) passes the request's check with .NET's parser; PostgreSQL's regular expressions have no
        // \p and refuse it when they first match a row, so the site needs an event in the range.
        Assert.StartsWith("PostgreSQL", _fixture.Store.Description, StringComparison.Ordinal);
        const string Site = "regex.test";
        await PostEventAsync(Site, "2026-02-05T10:00:00Z", visitor: 1);

        using var response = await _fixture.CreateClient().PostAsync("/api/v2/query", Api.Json("""{"site_id":"regex.test","metrics":["visitors"],"date_range":"7d","filters":[["matches","event:page",["\\p{L}"]]]}"""));

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, "filters");
        var error = problem.GetProperty("error").GetString();
        Assert.Contains("The store cannot run this query", error, StringComparison.Ordinal);
        Assert.Contains("invalid regular expression", error, StringComparison.Ordinal);
        Assert.Single(QueriesFor(Site));
    }

    [Fact]
    public async Task Realtime_visitors_are_a_bare_integer_over_the_last_five_minutes()
    {
        // The window is [now - 5 min, now + 1 min): a minute ahead for clients whose clocks run fast.
        const string Site = "realtime.test";
        await PostEventAsync(Site, "2026-02-10T11:54:59Z", visitor: 1); // before the window
        await PostEventAsync(Site, "2026-02-10T11:55:00Z", visitor: 2); // its first second
        await PostEventAsync(Site, "2026-02-10T11:58:00Z", visitor: 3);
        await PostEventAsync(Site, "2026-02-10T11:59:00Z", visitor: 3, extra: """ "name":"signup" """); // any event, one visitor
        await PostEventAsync(Site, "2026-02-10T12:00:59Z", visitor: 4); // its last second
        await PostEventAsync(Site, "2026-02-10T12:01:00Z", visitor: 5); // after it

        using var response = await _fixture.CreateClient().GetAsync("/api/v1/stats/realtime/visitors?site_id=realtime.test");
        var json = await Api.ReadJsonAsync(response);

        Assert.Equal("3", json.GetRawText());
    }

    [Fact]
    public async Task Scroll_depth_and_time_on_page_come_out_per_page_and_null_where_nothing_engaged()
    {
        const string Site = "engagement.test";
        await AppendAsync(Site, "2026-02-05T10:00:00Z", visitor: 1);
        await AppendAsync(Site, "2026-02-05T10:02:00Z", visitor: 1, EventNames.Engagement, scrollDepth: 40, engagementTime: 12_400);
        await AppendAsync(Site, "2026-02-05T10:00:00Z", visitor: 2, page: "/pricing");

        var json = await QueryAsync("""{"site_id":"engagement.test","metrics":["scroll_depth","time_on_page","visitors"],"date_range":"7d","dimensions":["event:page"]}""");

        var rows = json.GetProperty("results").EnumerateArray().Select(r => r.GetRawText()).ToList();
        Assert.Equal(["""{"metrics":[40,12,1],"dimensions":["/"]}""", """{"metrics":[null,null,1],"dimensions":["/pricing"]}"""], rows);
    }

    [Fact]
    public async Task Realtime_visitors_leave_out_engagement_events_as_Plausible_does()
    {
        // Visitor 1 read for four minutes and left: the engagement event is recent, the visitor is not here now.
        const string Site = "realtime-engaged.test";
        await AppendAsync(Site, "2026-02-10T11:54:00Z", visitor: 1);
        await AppendAsync(Site, "2026-02-10T11:58:00Z", visitor: 1, EventNames.Engagement, scrollDepth: 80, engagementTime: 240_000);
        await AppendAsync(Site, "2026-02-10T11:58:30Z", visitor: 2);

        using var response = await _fixture.CreateClient().GetAsync("/api/v1/stats/realtime/visitors?site_id=realtime-engaged.test");

        Assert.Equal("1", (await Api.ReadJsonAsync(response)).GetRawText());
    }

    [Fact]
    public async Task Realtime_visitors_are_zero_without_a_recent_event()
    {
        const string Site = "realtime-idle.test";
        await PostEventAsync(Site, "2026-02-10T11:54:00Z", visitor: 1);

        using var response = await _fixture.CreateClient().GetAsync("/api/v1/stats/realtime/visitors?site_id=realtime-idle.test");

        Assert.Equal("0", (await Api.ReadJsonAsync(response)).GetRawText());
    }

    [Theory]
    [InlineData("/api/v1/stats/realtime/visitors")]
    [InlineData("/api/v1/stats/realtime/visitors?site_id=")]
    [InlineData("/api/v1/stats/realtime/visitors?site_id=a%2Fb")]
    [InlineData("/api/v1/stats/realtime/visitors?site_id=other.test")]
    public async Task Realtime_visitors_need_a_served_site(string path)
    {
        using var response = await _fixture.CreateClient().GetAsync(path);

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, "site_id");
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("error").GetString()));
        Assert.Empty(_fixture.Store.Queries);
    }

    private const string Google = """ "referrer":"https://google.com/search" """;
    private const string Bing = """ "referrer":"https://bing.com/search" """;

    /// <summary>Google brings 3 visitors, Bing 2 and DuckDuckGo 1, on 2026-02-05.</summary>
    private async Task SeedThreeSourcesAsync(string site)
    {
        for (var visitor = 1; visitor <= 6; visitor++)
        {
            var referrer = visitor <= 3 ? Google : visitor <= 5 ? Bing : """ "referrer":"https://duckduckgo.com/" """;
            await PostEventAsync(site, "2026-02-05T10:00:00Z", visitor, extra: referrer);
        }
    }

    /// <summary>
    /// Stores an event through <c>POST /api/events</c>: a page view of <paramref name="visitor"/>, whose IP address and
    /// session are their own, or with <paramref name="extra"/> (more members, comma-separated) any event.
    /// </summary>
    private async Task PostEventAsync(string site, string timestamp, int visitor, string page = "/", string extra = "")
    {
        var members = extra.Length == 0 ? "" : extra + ",";
        using var client = _fixture.CreateClient();
        await client.PostCreatedAsync(
            $$"""{"site":"{{site}}",{{members}}"timestamp":"{{timestamp}}","page":"{{page}}","session_id":"visit-{{visitor}}","ip_address":"10.0.0.{{visitor}}","user_agent":"{{Api.WindowsUserAgent}}"}""");
    }

    /// <summary>Stores a page view of <paramref name="visitor"/> with the host's store, as ingestion would have.</summary>
    private async Task AppendAsync(string site, string time, int visitor, string name = EventNames.Pageview, string page = "/", short? scrollDepth = null, long? engagementTime = null)
    {
        var at = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture);
        var store = _fixture.Factory.Services.GetRequiredService<IEventStore>();
        AnalyticsEvent pageView = new()
        {
            Id = Guid.CreateVersion7(at),
            Site = site,
            Time = at,
            Page = page,
            UserAgent = Api.WindowsUserAgent,
            OperatingSystem = "Windows",
            SessionId = $"visit-{visitor}",
            VisitorId = visitor,
            Name = name,
            Interactive = name != EventNames.Engagement,
            ScrollDepth = scrollDepth,
            EngagementTime = engagementTime,
        };
        await store.AppendAsync([pageView], CancellationToken.None);
    }

    private List<StatsQuery> QueriesFor(string site) => _fixture.Store.Queries.Where(q => q.Site == site).ToList();

    private async Task<JsonElement> QueryAsync(string body)
    {
        using var response = await _fixture.CreateClient().PostAsync("/api/v2/query", Api.Json(body));
        return await Api.ReadJsonAsync(response);
    }

    /// <summary>The stats API's host with a site for each test, so no test sees another's events.</summary>
    public sealed class Fixture : StatsApiFixture
    {
        private static readonly string[] BerlinSites =
        [
            "range.test", "shape.test", "time.test", "bare-time.test", "order.test", "filter.test", "entry.test",
            "pages.test", "total.test", "labels.test", "hourly.test", "instant.test", "previous.test", "yoy.test",
            "custom.test", "percentage.test", "empty.test", "regex.test", "realtime.test",
        ];

        protected override IEnumerable<(string Domain, string? TimeZone)> Sites =>
        [
            .. base.Sites,
            .. BerlinSites.Select(site => (site, (string?)"Europe/Berlin")),
            ("utc-day.test", null),
            ("realtime-idle.test", null),
            ("realtime-engaged.test", null),
            ("engagement.test", null),
        ];
    }
}
