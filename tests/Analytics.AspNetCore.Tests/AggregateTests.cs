using System.Net;
using Analytics.AspNetCore.Tests.Infrastructure;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// GET /api/events: page views per (bucket, page, operating system) in UTC. The events are posted with timestamps
/// relative to the fixture's stopped clock (2026-02-10 12:00 UTC, a Tuesday).
/// </summary>
public sealed class AggregateTests : IClassFixture<AggregateTests.SeededFixture>
{
    private const string Utc = "+00:00";
    private readonly SeededFixture _fixture;

    public AggregateTests(SeededFixture fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [InlineData("/api/events/?duration=1 day&pages=/a&pages=/b&from=2026-02-08&to=2026-02-10")]
    [InlineData("/api/events?duration=1%20day&pages=%2Fa&pages=%2Fb&from=2026-02-08&to=2026-02-10")]
    [InlineData("/api/events?pages=/a&pages=/b&from=2026-02-08T00:00:00Z&to=2026-02-10T00:00:00Z")] // 1 day is the default
    public async Task Daily_rows_are_grouped_per_bucket_page_and_os_and_ordered(string query)
    {
        var rows = await AggregateRows.GetAsync(_fixture.CreateClient(), query);

        AggregateRows.AssertRows(
            [
                new("2026-02-08T00:00:00" + Utc, "/a", "Windows", 30, 1),
                new("2026-02-09T00:00:00" + Utc, "/a", "Linux", 5, 1),
                new("2026-02-09T00:00:00" + Utc, "/a", "Windows", 15, 3), // 10 and 20; the view without a duration is counted, not averaged
                new("2026-02-09T00:00:00" + Utc, "/b", "macOS", null, 1),
            ],
            rows);
    }

    [Fact]
    public async Task Without_pages_every_page_is_counted()
    {
        var rows = await AggregateRows.GetAsync(_fixture.CreateClient(), "/api/events?from=2026-02-09&to=2026-02-10");

        AggregateRows.AssertRows(
            [
                new("2026-02-09T00:00:00" + Utc, "/a", "Linux", 5, 1),
                new("2026-02-09T00:00:00" + Utc, "/a", "Windows", 15, 3),
                new("2026-02-09T00:00:00" + Utc, "/b", "macOS", null, 1),
                new("2026-02-09T00:00:00" + Utc, "/c", "Android", 7, 1),
            ],
            rows);
    }

    [Fact]
    public async Task Without_from_and_to_the_whole_retention_window_is_counted()
    {
        var rows = await AggregateRows.GetAsync(_fixture.CreateClient(), "/api/events?duration=1 month");

        AggregateRows.AssertRows(
            [
                new("2025-12-01T00:00:00" + Utc, "/a", "Windows", 50, 1),
                new("2026-01-01T00:00:00" + Utc, "/a", "Windows", 40, 1),
                new("2026-01-01T00:00:00" + Utc, "/b", "macOS", null, 1),
                new("2026-02-01T00:00:00" + Utc, "/a", "Linux", 5, 1),
                new("2026-02-01T00:00:00" + Utc, "/a", "Windows", 20, 4),
                new("2026-02-01T00:00:00" + Utc, "/b", "macOS", null, 1),
                new("2026-02-01T00:00:00" + Utc, "/c", "Android", 7, 1),
            ],
            rows);
        Assert.Equal(SeededFixture.EventCount, rows.Sum(r => r.Count));
    }

    [Fact]
    public async Task Hourly_buckets()
    {
        var rows = await AggregateRows.GetAsync(
            _fixture.CreateClient(), "/api/events?duration=1 hour&pages=/a&from=2026-02-09T10:00:00Z&to=2026-02-09T12:00:00Z");

        AggregateRows.AssertRows(
            [
                new("2026-02-09T10:00:00" + Utc, "/a", "Linux", 5, 1),
                new("2026-02-09T10:00:00" + Utc, "/a", "Windows", 15, 2),
                new("2026-02-09T11:00:00" + Utc, "/a", "Windows", null, 1),
            ],
            rows);
    }

    [Fact]
    public async Task Fifteen_minute_buckets()
    {
        var rows = await AggregateRows.GetAsync(
            _fixture.CreateClient(), "/api/events?duration=15 minutes&pages=/a&from=2026-02-09T10:00:00Z&to=2026-02-09T12:00:00Z");

        AggregateRows.AssertRows(
            [
                new("2026-02-09T10:15:00" + Utc, "/a", "Linux", 5, 1),
                new("2026-02-09T10:15:00" + Utc, "/a", "Windows", 10, 1),
                new("2026-02-09T10:45:00" + Utc, "/a", "Windows", 20, 1),
                new("2026-02-09T11:00:00" + Utc, "/a", "Windows", null, 1),
            ],
            rows);
    }

    [Fact]
    public async Task Weekly_buckets_start_on_Monday()
    {
        // 2026-02-08 is a Sunday: it belongs to the week of Monday 2026-02-02.
        var rows = await AggregateRows.GetAsync(_fixture.CreateClient(), "/api/events?duration=1 week&pages=/a&from=2026-02-01&to=2026-02-10");

        AggregateRows.AssertRows(
            [
                new("2026-02-02T00:00:00" + Utc, "/a", "Windows", 30, 1),
                new("2026-02-09T00:00:00" + Utc, "/a", "Linux", 5, 1),
                new("2026-02-09T00:00:00" + Utc, "/a", "Windows", 15, 3),
            ],
            rows);
    }

    [Fact]
    public async Task Pages_that_have_no_events_give_no_rows()
    {
        var rows = await AggregateRows.GetAsync(_fixture.CreateClient(), "/api/events?pages=/nowhere");

        Assert.Empty(rows);
    }

    [Theory]
    [InlineData("1 fortnight")]
    [InlineData("banana")]
    [InlineData("0 days")]
    [InlineData("-1 day")]
    [InlineData("99999999999 days")]
    public async Task Unknown_duration_returns_400_naming_duration(string duration)
    {
        using var response = await _fixture.CreateClient().GetAsync($"/api/events?duration={Uri.EscapeDataString(duration)}");

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, "duration");
    }

    [Fact]
    public async Task Too_many_buckets_returns_400_with_the_reason()
    {
        // One-minute buckets over the default 90-day range: about 130,000 buckets.
        using var response = await _fixture.CreateClient().GetAsync("/api/events?duration=1 minute");

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, "duration");
        var reason = problem.GetProperty("errors").GetProperty("duration")[0].GetString();
        Assert.Contains("buckets", reason, StringComparison.Ordinal);
        Assert.Contains("10000", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-02-30", "from")]
    [InlineData("to=10/02/2026", "to")]
    [InlineData("to=2026-02-10T25:00:00Z", "to")]
    [InlineData("from=2026-02-10&to=2026-02-09", "to")]
    [InlineData("from=2026-02-10&to=2026-02-10", "to")]
    [InlineData("from=0001-01-01T00:00:00%2B01:00", "from")]
    [InlineData("to=9999-12-31T23:59:59-01:00", "to")]
    public async Task Invalid_from_or_to_returns_400_naming_it(string query, string field)
    {
        using var response = await _fixture.CreateClient().GetAsync($"/api/events?{query}");

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("pages=/a%00b")]
    [InlineData("pages=/a&pages=%00")]
    public async Task A_page_with_a_NUL_character_returns_400_naming_pages(string query)
    {
        using var response = await _fixture.CreateClient().GetAsync($"/api/events?{query}");

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, "pages");
    }

    [Fact]
    public async Task Too_many_pages_returns_400_naming_pages()
    {
        var query = string.Join("&", Enumerable.Range(0, 101).Select(i => $"pages=/p{i}"));

        using var response = await _fixture.CreateClient().GetAsync($"/api/events?{query}");

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, "pages");
    }

    /// <summary>Ten events on four pages from four operating systems.</summary>
    public sealed class SeededFixture : ApiFixture
    {
        public const int EventCount = 10;

        protected override async Task SeedAsync(HttpClient client)
        {
            (string Page, string UserAgent, string Timestamp, int? Duration)[] events =
            [
                ("/a", Api.WindowsUserAgent, "2026-02-09T10:15:00Z", 10),
                ("/a", Api.WindowsUserAgent, "2026-02-09T10:45:00Z", 20),
                ("/a", Api.WindowsUserAgent, "2026-02-09T11:05:00Z", null),
                ("/a", Api.LinuxUserAgent, "2026-02-09T10:20:00Z", 5),
                ("/b", Api.MacUserAgent, "2026-02-09T10:30:00Z", null),
                ("/c", Api.AndroidUserAgent, "2026-02-09T10:40:00Z", 7),
                ("/a", Api.WindowsUserAgent, "2026-02-08T23:30:00Z", 30),
                ("/a", Api.WindowsUserAgent, "2026-01-15T12:00:00Z", 40),
                ("/b", Api.MacUserAgent, "2026-01-15T12:00:00Z", null),
                ("/a", Api.WindowsUserAgent, "2025-12-20T08:00:00Z", 50),
            ];
            foreach (var (page, userAgent, timestamp, duration) in events)
            {
                var durationJson = duration is { } d ? $",\"duration\":{d}" : "";
                await client.PostCreatedAsync($$"""{"page":"{{page}}","user_agent":"{{userAgent}}","timestamp":"{{timestamp}}"{{durationJson}}}""");
            }

            Assert.Equal(EventCount, await Schema.CountEventsAsync());
        }
    }
}
