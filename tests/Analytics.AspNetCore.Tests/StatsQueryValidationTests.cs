using System.Net;
using System.Text;
using System.Text.Json;
using Analytics.AspNetCore.Tests.Infrastructure;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// Every invalid POST /api/v2/query body is answered with 400 problem+json whose <c>errors</c> name the member and
/// whose <c>error</c> holds the message (what Plausible's clients read); none reaches the store, none is a 500.
/// </summary>
public sealed class StatsQueryValidationTests : IClassFixture<StatsApiFixture>
{
    private readonly StatsApiFixture _fixture;

    public StatsQueryValidationTests(StatsApiFixture fixture)
    {
        _fixture = fixture;
        _fixture.Store.ClearQueries();
    }

    [Theory]
    [InlineData("""{"metrics":["visitors"],"date_range":"7d"}""", "site_id")]
    [InlineData("""{"site_id":"shop.test","date_range":"7d"}""", "metrics")]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors"]}""", "date_range")]
    public async Task A_missing_required_member_is_named(string body, string field)
    {
        var error = await AssertRefusedAsync(body, field);

        Assert.Equal($"Required property {field} was not present.", error);
    }

    [Theory]
    [InlineData("""{"site_id":"","metrics":["visitors"],"date_range":"7d"}""")]
    [InlineData("""{"site_id":"a/b","metrics":["visitors"],"date_range":"7d"}""")]
    [InlineData("""{"site_id":5,"metrics":["visitors"],"date_range":"7d"}""")]
    public async Task A_site_id_that_is_not_a_domain_is_refused(string body)
    {
        await AssertRefusedAsync(body, "site_id");
    }

    [Fact]
    public async Task A_site_that_is_not_served_is_refused()
    {
        var error = await AssertRefusedAsync("""{"site_id":"other.test","metrics":["visitors"],"date_range":"7d"}""", "site_id");

        Assert.Contains("other.test", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_metric_is_named_with_the_valid_ones()
    {
        var error = await AssertRefusedAsync("""{"site_id":"shop.test","metrics":["visitors","baa"],"date_range":"7d"}""", "metrics");

        Assert.Contains("\"baa\"", error, StringComparison.Ordinal);
        Assert.Contains("visitors, visits, pageviews, views_per_visit, bounce_rate, visit_duration, events, percentage, scroll_depth, time_on_page", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"site_id":"shop.test","metrics":["avg_duration"],"date_range":"7d"}""", "metrics")]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","dimensions":["time:bucket"]}""", "dimensions")]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","dimensions":["event:column:browser"]}""", "dimensions")]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","filters":[["is","event:column:browser",["Chrome"]]]}""", "filters[0]")]
    public async Task The_seed_aggregates_own_metric_and_dimensions_are_not_offered(string body, string field)
    {
        // GET /api/events runs on the same engine with a mean duration, any bucket width and raw event columns; the
        // stats API keeps to Plausible's names.
        await AssertRefusedAsync(body, field);
    }

    [Theory]
    [InlineData("""{"site_id":"shop.test","metrics":[],"date_range":"7d"}""")]
    [InlineData("""{"site_id":"shop.test","metrics":"visitors","date_range":"7d"}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors","visitors"],"date_range":"7d"}""")]
    [InlineData("""{"site_id":"shop.test","metrics":[1],"date_range":"7d"}""")]
    public async Task Metrics_must_be_a_list_of_distinct_known_names(string body)
    {
        await AssertRefusedAsync(body, "metrics");
    }

    [Fact]
    public async Task An_unknown_dimension_is_named_with_the_valid_ones()
    {
        var error = await AssertRefusedAsync("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","dimensions":["visit:country"]}""", "dimensions");

        Assert.Contains("\"visit:country\"", error, StringComparison.Ordinal);
        Assert.Contains("visit:source", error, StringComparison.Ordinal);
        Assert.Contains("event:props:<key>", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""["time:day","time:week"]""")]
    [InlineData("""["time","time:day"]""")]
    public async Task More_than_one_time_dimension_is_refused(string dimensions)
    {
        var error = await AssertRefusedAsync($$"""{"site_id":"shop.test","metrics":["visitors"],"date_range":"day","dimensions":{{dimensions}}}""", "dimensions");

        Assert.Contains("one time dimension", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""["visit:source","visit:source"]""")]
    [InlineData("""["event:props:"]""")]
    [InlineData("\"visit:source\"")]
    public async Task Dimensions_must_be_a_list_of_distinct_known_names(string dimensions)
    {
        await AssertRefusedAsync($$"""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","dimensions":{{dimensions}}}""", "dimensions");
    }

    [Theory]
    [InlineData("\"fortnight\"")]
    [InlineData("\"0d\"")]
    [InlineData("[\"2026-02-02\",\"2026-02-01\"]")]
    [InlineData("[\"2026-02-01\",\"2026-02-02T00:00:00Z\"]")]
    [InlineData("{}")]
    public async Task An_invalid_date_range_is_refused(string range)
    {
        var error = await AssertRefusedAsync($$"""{"site_id":"shop.test","metrics":["visitors"],"date_range":{{range}}}""", "date_range");

        Assert.StartsWith("Invalid date range", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[["exists","event:name",["x"]]]""", "filters[0]", "unknown operator \"exists\"")]
    [InlineData("""[["is","visit:source",["x"]],["is","time:day",["2026-02-01"]]]""", "filters[1]", "time dimensions cannot be filtered")]
    [InlineData("""[["is","time",["2026-02-01"]]]""", "filters[0]", "time dimensions cannot be filtered")]
    [InlineData("""[["matches","event:page",["^/a"],{"case_sensitive":false}]]""", "filters[0]", "case_sensitive modifier is not allowed")]
    [InlineData("""[["is","event:page",["/a"],{"case_sensitive":"no"}]]""", "filters[0]", "modifier")]
    [InlineData("""[["is","event:page",["/a"],{"exact":true}]]""", "filters[0]", "modifier")]
    [InlineData("""[["is","visit:country",["DE"]]]""", "filters[0]", "unknown dimension")]
    [InlineData("""[["is","event:page",[]]]""", "filters[0]", "at least one value")]
    [InlineData("""[["is","event:page",[5]]]""", "filters[0]", "values must be strings")]
    [InlineData("""[["is","event:page","/a"]]""", "filters[0]", "use [operator")]
    [InlineData("""[["is","event:page"]]""", "filters[0]", "use [operator")]
    [InlineData("""[["and",[]]]""", "filters[0]", "at least one filter")]
    [InlineData("""[["or",["is","event:page",["/a"]]]]""", "filters[0]", "Invalid filter")]
    [InlineData("""[["not",["is","event:page",["/a"]],["is","event:page",["/b"]]]]""", "filters[0]", "use [\"not\", filter]")]
    [InlineData("""[["not",["is","visit:nope",["/a"]]]]""", "filters[0]", "unknown dimension")]
    [InlineData("""[["matches","event:page",["(unclosed"]]]""", "filters[0]", "not a valid regular expression")]
    [InlineData("""[["matches","event:page",["(?<=a)b"]]]""", "filters[0]", "lookarounds")]
    [InlineData("""[["matches","event:page",["(a)\\1"]]]""", "filters[0]", "backreferences")]
    [InlineData("""[["is","event:page",["a\u0000b"]]]""", "filters[0]", "NUL")]
    [InlineData("""[5]""", "filters[0]", "starts with its operator")]
    [InlineData("""[[]]""", "filters[0]", "starts with its operator")]
    public async Task An_invalid_filter_is_named_by_its_position(string filters, string field, string expected)
    {
        var error = await AssertRefusedAsync($$"""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","filters":{{filters}}}""", field);

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_must_be_an_array()
    {
        await AssertRefusedAsync("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","filters":"visit:source"}""", "filters");
    }

    [Fact]
    public async Task A_regular_expression_longer_than_256_characters_is_refused()
    {
        var pattern = new string('a', 257);

        var error = await AssertRefusedAsync($$"""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","filters":[["matches","event:page",["{{pattern}}"]]]}""", "filters[0]");

        Assert.Contains("at most 256 characters", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("((q{1,30}){1,30}){1,20}", "at most 2 counted repetitions")]
    [InlineData("a{1,101}", "at most {100}")]
    [InlineData("a{99999999999}", "at most {100}")]
    public async Task A_regular_expression_that_would_take_postgresql_long_to_compile_is_refused(string pattern, string reason)
    {
        var error = await AssertRefusedAsync($$"""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","filters":[["matches","event:page",["{{pattern}}"]]]}""", "filters[0]");

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_16_regular_expressions_in_a_query_are_refused()
    {
        var patterns = string.Join(",", Enumerable.Range(0, 17).Select(i => $"\"^/p{i}$\""));

        var error = await AssertRefusedAsync($$"""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","filters":[["matches","event:page",[{{patterns}}]]]}""", "filters[0]");

        Assert.Contains("at most 16 regular expressions", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_1000_filter_values_in_all_are_refused()
    {
        var values = string.Join(",", Enumerable.Range(0, 600).Select(i => $"\"/p{i}\""));

        var error = await AssertRefusedAsync(
            $$"""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","filters":[["is","event:page",[{{values}}]],["is_not","event:page",[{{values}}]]]}""",
            "filters[1]");

        Assert.Contains("at most 1000 values", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_nested_deeper_than_8_are_refused()
    {
        var filter = """["is","event:page",["/a"]]""";
        for (var i = 0; i < 8; i++)
        {
            filter = $"[\"not\",{filter}]";
        }

        var error = await AssertRefusedAsync($$"""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","filters":[{{filter}}]}""", "filters[0]");

        Assert.Contains("nest at most 8 deep", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[["pageviews","desc"]]""", "Entry is not a queried metric or dimension")]
    [InlineData("""[["visit:source","asc"]]""", "Entry is not a queried metric or dimension")]
    [InlineData("""[["visitors","up"]]""", "Invalid order_by entry")]
    [InlineData("""[["visitors"]]""", "Invalid order_by entry")]
    [InlineData("""["visitors","desc"]""", "Invalid order_by entry")]
    [InlineData("""{"visitors":"desc"}""", "Must be an array")]
    public async Task Order_by_must_name_queried_metrics_or_dimensions(string orderBy, string expected)
    {
        var error = await AssertRefusedAsync($$"""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","order_by":{{orderBy}}}""", "order_by");

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"limit":0}""")]
    [InlineData("""{"limit":10001}""")]
    [InlineData("""{"limit":1.5}""")]
    [InlineData("""{"limit":"10"}""")]
    [InlineData("""{"offset":-1}""")]
    [InlineData("""{"offset":99999999999}""")]
    [InlineData("""{"page":2}""")]
    [InlineData("""[10,0]""")]
    public async Task Pagination_must_be_a_limit_of_1_to_10000_and_an_offset_from_0(string pagination)
    {
        await AssertRefusedAsync($$"""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","pagination":{{pagination}}}""", "pagination");
    }

    [Theory]
    [InlineData("""{"totals":true}""", "include")]
    [InlineData("""{"total_rows":"yes"}""", "include")]
    [InlineData("""true""", "include")]
    [InlineData("""{"comparisons":{"mode":"last_week"}}""", "include.comparisons")]
    [InlineData("""{"comparisons":{"mode":"custom"}}""", "include.comparisons")]
    [InlineData("""{"comparisons":{"mode":"custom","date_range":"someday"}}""", "include.comparisons")]
    [InlineData("""{"comparisons":{"mode":"previous_period","date_range":["2026-01-01","2026-01-02"]}}""", "include.comparisons")]
    [InlineData("""{"comparisons":{"mode":"previous_period","match_day_of_week":true}}""", "include.comparisons")]
    [InlineData("""{"comparisons":"previous_period"}""", "include.comparisons")]
    public async Task Include_takes_only_its_known_options(string include, string field)
    {
        await AssertRefusedAsync($$"""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","include":{{include}}}""", field);
    }

    [Fact]
    public async Task Time_labels_need_a_time_dimension()
    {
        var error = await AssertRefusedAsync("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","include":{"time_labels":true}}""", "include");

        Assert.Equal("Invalid include.time_labels: requires a time dimension.", error);
    }

    [Fact]
    public async Task Time_labels_of_too_many_buckets_are_refused()
    {
        await AssertRefusedAsync("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"year","dimensions":["time:minute"],"include":{"time_labels":true}}""", "include");
    }

    [Fact]
    public async Task Views_per_visit_cannot_be_queried_with_dimensions()
    {
        var error = await AssertRefusedAsync("""{"site_id":"shop.test","metrics":["views_per_visit"],"date_range":"7d","dimensions":["visit:source"]}""", "metrics");

        Assert.Equal("Metric `views_per_visit` cannot be queried with `dimensions`.", error);
    }

    [Fact]
    public async Task Views_per_visit_cannot_be_queried_with_a_page_filter_at_any_depth()
    {
        var error = await AssertRefusedAsync(
            """{"site_id":"shop.test","metrics":["views_per_visit"],"date_range":"7d","filters":[["or",[["is","visit:source",["Google"]],["not",["contains","event:page",["/blog"]]]]]]}""",
            "metrics");

        Assert.Equal("Metric `views_per_visit` cannot be queried with a filter on `event:page`.", error);
    }

    [Theory]
    [InlineData("""{"site_id":"shop.test","metrics":["scroll_depth"],"date_range":"7d"}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors","scroll_depth"],"date_range":"7d","dimensions":["visit:source"]}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["scroll_depth"],"date_range":"7d","filters":[["not",["is","event:page",["/"]]]]}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["scroll_depth"],"date_range":"7d","filters":[["or",[["is","event:page",["/"]],["is","visit:source",["Google"]]]]]}""")]
    public async Task Scroll_depth_needs_a_page_dimension_or_a_top_level_page_filter(string body)
    {
        var error = await AssertRefusedAsync(body, "metrics");

        Assert.StartsWith("Metric `scroll_depth` can only be queried with event:page filters or dimensions", error, StringComparison.Ordinal);
        Assert.Contains("top level", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"site_id":"shop.test","metrics":["time_on_page"],"date_range":"7d"}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["time_on_page"],"date_range":"7d","dimensions":["event:hostname"],"filters":[["is","event:hostname",["shop.test"]]]}""")]
    public async Task Time_on_page_needs_a_page_dimension_or_a_page_filter(string body)
    {
        var error = await AssertRefusedAsync(body, "metrics");

        Assert.StartsWith("Metric `time_on_page` can only be queried with event:page filters or dimensions", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"site_id":"shop.test","metrics":["scroll_depth","time_on_page"],"date_range":"7d","dimensions":["event:page"]}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["scroll_depth","time_on_page"],"date_range":"7d","filters":[["is_not","event:page",["/"]]]}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["time_on_page"],"date_range":"7d","dimensions":["visit:source"],"filters":[["not",["contains","event:page",["/blog"]]]]}""")]
    public async Task The_engagement_metrics_are_accepted_with_the_page_where_Plausible_accepts_them(string body)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("event:name", "`bounce_rate`")]
    [InlineData("event:props:plan", "`bounce_rate`")]
    public async Task Session_metrics_cannot_be_queried_with_event_dimensions_but_page_and_hostname(string dimension, string metrics)
    {
        var error = await AssertRefusedAsync($$"""{"site_id":"shop.test","metrics":["visitors","bounce_rate"],"date_range":"7d","dimensions":["{{dimension}}"]}""", "metrics");

        Assert.Equal($"Session metric(s) {metrics} cannot be queried along with event dimensions.", error);
    }

    [Fact]
    public async Task Every_session_metric_is_named()
    {
        var error = await AssertRefusedAsync("""{"site_id":"shop.test","metrics":["bounce_rate","visit_duration"],"date_range":"7d","dimensions":["event:name"]}""", "metrics");

        Assert.Equal("Session metric(s) `bounce_rate`, `visit_duration` cannot be queried along with event dimensions.", error);
    }

    [Fact]
    public async Task An_unknown_top_level_member_is_named()
    {
        var error = await AssertRefusedAsync("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","interval":"date"}""", "interval");

        Assert.Contains("interval", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("\"query\"")]
    [InlineData("null")]
    [InlineData("{} {}")]
    [InlineData("{\"site_id\":\"shop.test\",}")]
    public async Task A_body_that_is_not_one_json_object_is_refused(string body)
    {
        await AssertRefusedAsync(body, "body");
    }

    [Fact]
    public async Task Several_problems_are_all_reported_and_joined_in_error()
    {
        using var response = await PostAsync("""{"site_id":"shop.test","metrics":["nope"],"date_range":"never"}""");
        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, "metrics");

        Assert.True(problem.GetProperty("errors").TryGetProperty("date_range", out _));
        Assert.Contains('\n', problem.GetProperty("error").GetString()!);
    }

    [Fact]
    public async Task A_body_that_is_not_json_content_is_refused_with_415()
    {
        using var content = new StringContent("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d"}""", Encoding.UTF8, "text/plain");
        using var response = await _fixture.CreateClient().PostAsync("/api/v2/query", content);

        await Api.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_body_over_64_kilobytes_is_refused_with_413()
    {
        var padding = new string(' ', 64 * 1024);
        using var response = await PostAsync($$"""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d"{{padding}}}""");

        await Api.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","filters":[["is","event:page",["\ud800"]]]}""")]
    [InlineData("""{"site_id":"\udc00","metrics":["visitors"],"date_range":"7d"}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors"],"date_range":["\ud800","2026-01-01"]}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","pagination":{"limit":1e400}}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","dimensions":[null]}""")]
    [InlineData("""{"site_id":"shop.test","metrics":[null],"date_range":"7d"}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors"],"date_range":[null,null]}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors"],"date_range":["9999-12-31","9999-12-31"]}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors"],"date_range":["0001-01-01T00:00:00+14:00","0001-01-01T00:00:00+14:00"]}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"99999999999999999999d"}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","order_by":[[null,"desc"]]}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","include":{"comparisons":{"mode":"custom","date_range":["1900-01-01","2999-12-31"]}},"dimensions":["time:minute"]}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","filters":[["matches","event:page",["[z-a]"]]]}""")]
    [InlineData("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","filters":[[["is"]]]}""")]
    public async Task Hostile_bodies_get_a_400_never_a_500(string body)
    {
        using var response = await PostAsync(body);
        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest);

        Assert.False(string.IsNullOrEmpty(problem.GetProperty("error").GetString()));
        Assert.Empty(_fixture.Store.Queries);
    }

    [Fact]
    public async Task Deeply_nested_json_gets_a_400()
    {
        var body = new string('[', 200) + new string(']', 200);

        using var response = await PostAsync($$"""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","filters":{{body}}}""");

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, "body");
    }

    private Task<HttpResponseMessage> PostAsync(string body) => _fixture.CreateClient().PostAsync("/api/v2/query", Api.Json(body));

    /// <summary>Posts <paramref name="body"/>, checks the 400 names <paramref name="field"/>, and returns its <c>error</c>.</summary>
    private async Task<string> AssertRefusedAsync(string body, string field)
    {
        using var response = await PostAsync(body);
        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(JsonValueKind.String, problem.GetProperty("error").ValueKind);
        Assert.Empty(_fixture.Store.Queries);
        return problem.GetProperty("error").GetString()!;
    }
}
