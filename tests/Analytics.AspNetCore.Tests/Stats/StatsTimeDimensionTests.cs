using Analytics.AspNetCore.Stats;
using Analytics.Querying;

namespace Analytics.AspNetCore.Tests.Stats;

/// <summary>A bare <c>time</c> dimension follows the length of the range, and ranges with too many buckets are bounded.</summary>
public sealed class StatsTimeDimensionTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    [InlineData("2026-02-10", "2026-02-10", "time:hour")]
    [InlineData("2026-02-09", "2026-02-10", "time:hour")]
    [InlineData("2026-02-08", "2026-02-10", "time:day")]
    [InlineData("2026-01-01", "2026-02-09", "time:day")]
    [InlineData("2026-01-01", "2026-02-10", "time:week")]
    [InlineData("2025-02-01", "2026-01-30", "time:week")]
    [InlineData("2025-02-01", "2026-01-31", "time:month")]
    public void Bare_time_resolves_from_the_range_length(string first, string last, string expected)
    {
        Assert.Equal(expected, StatsTimeDimension.Resolve(Days(first, last)).Name);
    }

    [Fact]
    public void Twenty_four_hours_resolve_to_hours()
    {
        var range = new StatsDateRange(new DateTimeOffset(2026, 2, 9, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 10, 12, 0, 1, TimeSpan.Zero));

        Assert.Equal("time:hour", StatsTimeDimension.Resolve(range).Name);
    }

    [Fact]
    public void A_year_of_minutes_is_too_many_buckets_but_a_year_of_hours_is_not()
    {
        var range = Days("2026-01-01", "2026-12-31");

        Assert.False(StatsTimeDimension.Fits(range, TimeBucketUnit.Minute));
        Assert.True(StatsTimeDimension.Fits(range, TimeBucketUnit.Hour));
        Assert.True(StatsTimeDimension.Fits(Days("1900-01-01", "2999-12-31"), TimeBucketUnit.Month));
        Assert.False(StatsTimeDimension.Fits(Days("1900-01-01", "2999-12-31"), TimeBucketUnit.Day));
    }

    private static StatsDateRange Days(string first, string last) =>
        StatsDateRange.OfDays(DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture), Berlin);
}
