using Analytics.AspNetCore.Tests.Infrastructure;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// America/New_York across its 2026 clock changes: buckets change offset with the zone, a day bucket still starts at
/// local midnight, and the repeated hour of the fall-back gives two buckets, one per real hour.
/// </summary>
public sealed class AggregateDaylightSavingTests :
    IClassFixture<AggregateDaylightSavingTests.SpringForwardFixture>,
    IClassFixture<AggregateDaylightSavingTests.FallBackFixture>
{
    private readonly SpringForwardFixture _spring;
    private readonly FallBackFixture _fall;

    public AggregateDaylightSavingTests(SpringForwardFixture spring, FallBackFixture fall)
    {
        _spring = spring;
        _fall = fall;
    }

    [Fact]
    public async Task Day_buckets_take_the_offset_of_their_local_midnight_around_spring_forward()
    {
        var rows = await AggregateRows.GetAsync(_spring.CreateClient(), "/api/events?duration=1 day&pages=/dst");

        AggregateRows.AssertRows(
            [
                new("2026-03-07T00:00:00-05:00", "/dst", "Windows", null, 1),
                new("2026-03-08T00:00:00-05:00", "/dst", "Windows", null, 2),
                new("2026-03-09T00:00:00-04:00", "/dst", "Windows", null, 1),
            ],
            rows);
    }

    [Fact]
    public async Task Hour_buckets_skip_the_missing_hour_of_spring_forward()
    {
        var rows = await AggregateRows.GetAsync(
            _spring.CreateClient(), "/api/events?duration=1 hour&pages=/dst&from=2026-03-08T05:00:00Z&to=2026-03-08T09:00:00Z");

        AggregateRows.AssertRows(
            [
                new("2026-03-08T01:00:00-05:00", "/dst", "Windows", null, 1),
                new("2026-03-08T03:00:00-04:00", "/dst", "Windows", null, 1),
            ],
            rows);
    }

    [Fact]
    public async Task Hour_buckets_keep_the_two_real_hours_of_fall_back_apart()
    {
        var rows = await AggregateRows.GetAsync(
            _fall.CreateClient(), "/api/events?duration=1 hour&pages=/dst&from=2026-11-01T04:00:00Z&to=2026-11-01T08:00:00Z");

        AggregateRows.AssertRows(
            [
                new("2026-11-01T01:00:00-04:00", "/dst", "Windows", null, 1),
                new("2026-11-01T01:00:00-05:00", "/dst", "Windows", null, 1),
            ],
            rows);
    }

    [Fact]
    public async Task The_25_hour_day_of_fall_back_is_one_bucket()
    {
        var rows = await AggregateRows.GetAsync(_fall.CreateClient(), "/api/events?duration=1 day&pages=/dst");

        AggregateRows.AssertRows(
            [
                new("2026-11-01T00:00:00-04:00", "/dst", "Windows", null, 3),
                new("2026-11-02T00:00:00-05:00", "/dst", "Windows", null, 1),
            ],
            rows);
    }

    private static async Task PostAtAsync(HttpClient client, params string[] timestamps)
    {
        foreach (var timestamp in timestamps)
        {
            await client.PostCreatedAsync($$"""{"page":"/dst","user_agent":"{{Api.WindowsUserAgent}}","timestamp":"{{timestamp}}"}""");
        }
    }

    /// <summary>Clocks went forward at 2026-03-08 02:00 EST (07:00 UTC).</summary>
    public sealed class SpringForwardFixture : ApiFixture
    {
        protected override string TimeZone => "America/New_York";

        protected override DateTimeOffset StartTime => new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

        protected override Task SeedAsync(HttpClient client) => PostAtAsync(
            client,
            "2026-03-08T04:30:00Z", // 03-07 23:30 EST
            "2026-03-08T06:30:00Z", // 03-08 01:30 EST
            "2026-03-08T07:30:00Z", // 03-08 03:30 EDT
            "2026-03-09T05:00:00Z"); // 03-09 01:00 EDT
    }

    /// <summary>Clocks went back at 2026-11-01 02:00 EDT (06:00 UTC): 01:00-02:00 local happens twice.</summary>
    public sealed class FallBackFixture : ApiFixture
    {
        protected override string TimeZone => "America/New_York";

        protected override DateTimeOffset StartTime => new(2026, 11, 3, 12, 0, 0, TimeSpan.Zero);

        protected override Task SeedAsync(HttpClient client) => PostAtAsync(
            client,
            "2026-11-01T05:30:00Z", // 01:30 EDT
            "2026-11-01T06:30:00Z", // 01:30 EST
            "2026-11-02T04:30:00Z", // 11-01 23:30 EST, still the 25-hour day
            "2026-11-02T05:30:00Z"); // 11-02 00:30 EST
    }
}
