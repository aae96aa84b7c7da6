using System.Net;
using System.Text.Json;
using Analytics.AspNetCore.Tests.Infrastructure;
using Analytics.Testing;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// Analytics:MaxResultRows (issue 13, OWASP API4): no answer holds more rows than the bound, on either store. The
/// fixture's bound is 3 and it holds five pages' views on one day.
/// </summary>
public abstract class ResultRowBoundTests
{
    private readonly Fixture _fixture;

    protected ResultRowBoundTests(Fixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task An_aggregate_longer_than_the_bound_is_refused_with_400_saying_how_to_narrow_it()
    {
        using var response = await _fixture.CreateClient().GetAsync("/api/events?from=2026-02-09&to=2026-02-10");

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, "duration");
        var message = problem.GetProperty("errors").GetProperty("duration")[0].GetString();
        Assert.Contains("more than 3 rows", message, StringComparison.Ordinal);
        Assert.Contains("Analytics:MaxResultRows", message, StringComparison.Ordinal);
        Assert.Contains("group_by", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_aggregate_of_exactly_the_bound_is_answered_whole()
    {
        var rows = await AggregateRows.GetAsync(_fixture.CreateClient(), "/api/events?from=2026-02-09&to=2026-02-10&pages=/p1&pages=/p2&pages=/p3");

        Assert.Equal(["/p1", "/p2", "/p3"], rows.Select(r => r.Page));
    }

    [Fact]
    public async Task A_narrower_aggregate_is_answered()
    {
        var rows = await AggregateRows.GetAsync(_fixture.CreateClient(), "/api/events?from=2026-02-09&to=2026-02-10&pages=/p4");

        Assert.Equal(2, Assert.Single(rows).Count);
    }

    [Fact]
    public async Task A_stats_page_holds_at_most_the_bound_by_default_and_counts_every_row()
    {
        var json = await QueryAsync("""{"site_id":"shop.test","metrics":["pageviews"],"date_range":"7d","dimensions":["event:page"],"include":{"total_rows":true}}""");

        Assert.Equal(3, json.GetProperty("results").GetArrayLength());
        Assert.Equal(5, json.GetProperty("meta").GetProperty("total_rows").GetInt32());
    }

    [Fact]
    public async Task A_stats_limit_above_the_bound_is_refused_naming_pagination()
    {
        using var response = await _fixture.CreateClient().PostAsync(
            "/api/v2/query",
            Api.Json("""{"site_id":"shop.test","metrics":["pageviews"],"date_range":"7d","dimensions":["event:page"],"pagination":{"limit":4}}"""));

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, "pagination");
        Assert.Contains("1 to 3", problem.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comparisons_pair_only_the_rows_of_the_page()
    {
        var json = await QueryAsync("""{"site_id":"shop.test","metrics":["pageviews"],"date_range":"7d","dimensions":["event:page"],"include":{"comparisons":{"mode":"previous_period"}}}""");

        var results = json.GetProperty("results");
        Assert.Equal(3, results.GetArrayLength());
        Assert.All(results.EnumerateArray(), row => Assert.True(row.TryGetProperty("comparison", out _), row.GetRawText()));
    }

    private async Task<JsonElement> QueryAsync(string body)
    {
        using var response = await _fixture.CreateClient().PostAsync("/api/v2/query", Api.Json(body));
        return await Api.ReadJsonAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Five pages viewed on 2026-02-09 (/p4 twice), on shop.test, with Analytics:MaxResultRows = 3.</summary>
    public class Fixture : StatsApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings(TestSchema schema) =>
            [.. base.Settings(schema), new("Analytics:MaxResultRows", "3")];

        protected override async Task SeedAsync(HttpClient client)
        {
            foreach (var page in new[] { "/p1", "/p2", "/p3", "/p4", "/p4", "/p5" })
            {
                await client.PostCreatedAsync($$"""{"site":"{{Site}}","timestamp":"2026-02-09T10:00:00Z","page":"{{page}}","user_agent":"{{Api.WindowsUserAgent}}"}""");
            }
        }
    }

    /// <summary>The same on the DuckDB store.</summary>
    public sealed class DuckDbFixture : Fixture
    {
        protected override bool UsesDuckDb => true;
    }
}

/// <summary>The row bound on PostgreSQL.</summary>
public sealed class PostgreSqlResultRowBoundTests : ResultRowBoundTests, IClassFixture<ResultRowBoundTests.Fixture>
{
    public PostgreSqlResultRowBoundTests(Fixture fixture)
        : base(fixture)
    {
    }
}

/// <summary>The row bound on DuckDB.</summary>
public sealed class DuckDbResultRowBoundTests : ResultRowBoundTests, IClassFixture<ResultRowBoundTests.DuckDbFixture>
{
    public DuckDbResultRowBoundTests(DuckDbFixture fixture)
        : base(fixture)
    {
    }
}
