using Analytics.AspNetCore.Tests.Infrastructure;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// GET /api/events with Analytics:TimeZone = America/New_York (UTC-5 in February): buckets are written with the
/// zone's offset, and days, weeks and months start at local midnight.
/// </summary>
public sealed class AggregateTimeZoneTests : IClassFixture<AggregateTimeZoneTests.NewYorkFixture>
{
    private readonly NewYorkFixture _fixture;

    public AggregateTimeZoneTests(NewYorkFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Daily_buckets_start_at_local_midnight_with_the_zone_offset()
    {
        var rows = await AggregateRows.GetAsync(_fixture.CreateClient(), "/api/events?duration=1 day&pages=/ny");

        // In UTC the first two would be 2026-02-01 and both later ones 2026-02-09.
        AggregateRows.AssertRows(
            [
                new("2026-01-31T00:00:00-05:00", "/ny", "Windows", null, 1),
                new("2026-02-08T00:00:00-05:00", "/ny", "Windows", 10, 1),
                new("2026-02-09T00:00:00-05:00", "/ny", "Windows", 20, 1),
            ],
            rows);
    }

    [Fact]
    public async Task Buckets_are_written_with_the_offset_in_the_json()
    {
        using var response = await _fixture.CreateClient().GetAsync("/api/events?duration=1 day&pages=/ny");
        var json = await Api.ReadJsonAsync(response);

        Assert.Equal(
            ["2026-01-31T00:00:00-05:00", "2026-02-08T00:00:00-05:00", "2026-02-09T00:00:00-05:00"],
            json.EnumerateArray().Select(row => row.GetProperty("bucket").GetString()));
    }

    [Fact]
    public async Task Weekly_buckets_start_on_local_Monday_midnight()
    {
        var rows = await AggregateRows.GetAsync(_fixture.CreateClient(), "/api/events?duration=1 week&pages=/ny");

        AggregateRows.AssertRows(
            [
                new("2026-01-26T00:00:00-05:00", "/ny", "Windows", null, 1),
                new("2026-02-02T00:00:00-05:00", "/ny", "Windows", 10, 1),
                new("2026-02-09T00:00:00-05:00", "/ny", "Windows", 20, 1),
            ],
            rows);
    }

    [Fact]
    public async Task Monthly_buckets_start_on_the_first_at_local_midnight()
    {
        var rows = await AggregateRows.GetAsync(_fixture.CreateClient(), "/api/events?duration=1 month&pages=/ny");

        AggregateRows.AssertRows(
            [
                new("2026-01-01T00:00:00-05:00", "/ny", "Windows", null, 1),
                new("2026-02-01T00:00:00-05:00", "/ny", "Windows", 15, 2),
            ],
            rows);
    }

    [Fact]
    public async Task Hourly_buckets_carry_the_zone_offset()
    {
        var rows = await AggregateRows.GetAsync(
            _fixture.CreateClient(), "/api/events?duration=1 hour&pages=/ny&from=2026-02-09T00:00:00Z&to=2026-02-10T00:00:00Z");

        AggregateRows.AssertRows(
            [
                new("2026-02-08T22:00:00-05:00", "/ny", "Windows", 10, 1),
                new("2026-02-09T01:00:00-05:00", "/ny", "Windows", 20, 1),
            ],
            rows);
    }

    /// <summary>Three events near local midnights: Saturday evening, Sunday evening, Monday 01:00 (New York time).</summary>
    public sealed class NewYorkFixture : ApiFixture
    {
        protected override string TimeZone => "America/New_York";

        protected override async Task SeedAsync(HttpClient client)
        {
            await client.PostCreatedAsync($$"""{"page":"/ny","user_agent":"{{Api.WindowsUserAgent}}","timestamp":"2026-02-01T02:00:00Z"}""");
            await client.PostCreatedAsync($$"""{"page":"/ny","user_agent":"{{Api.WindowsUserAgent}}","timestamp":"2026-02-09T03:00:00Z","duration":10}""");
            await client.PostCreatedAsync($$"""{"page":"/ny","user_agent":"{{Api.WindowsUserAgent}}","timestamp":"2026-02-09T06:00:00-00:00","duration":20}""");
        }
    }
}
