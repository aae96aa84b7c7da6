using System.Text.Json;
using Analytics.AspNetCore.Stats;

namespace Analytics.AspNetCore.Tests.Stats;

/// <summary>
/// date_range resolves as Plausible's current parser does, in the site's time zone: now is Tuesday 2026-02-10 12:00 UTC,
/// 13:00 in Berlin.
/// </summary>
public sealed class StatsDateRangeResolverTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    [InlineData("\"day\"", "2026-02-10", "2026-02-10")]
    [InlineData("\"7d\"", "2026-02-03", "2026-02-09")]
    [InlineData("\"28d\"", "2026-01-13", "2026-02-09")]
    [InlineData("\"30d\"", "2026-01-11", "2026-02-09")]
    [InlineData("\"91d\"", "2025-11-11", "2026-02-09")]
    [InlineData("\"1d\"", "2026-02-09", "2026-02-09")]
    [InlineData("\"month\"", "2026-02-01", "2026-02-28")]
    [InlineData("\"12mo\"", "2025-02-01", "2026-01-31")]
    [InlineData("\"year\"", "2026-01-01", "2026-12-31")]
    [InlineData("\"all\"", "2025-11-12", "2026-02-10")]
    [InlineData("[\"2026-01-05\", \"2026-01-05\"]", "2026-01-05", "2026-01-05")]
    [InlineData("[\"2025-12-30\", \"2026-01-02\"]", "2025-12-30", "2026-01-02")]
    public void Day_ranges_cover_whole_local_days(string json, string first, string last)
    {
        var range = Resolve(json);

        Assert.Equal(DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), range.FirstDay);
        Assert.Equal(DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture), range.LastDay);
        Assert.Equal([$"{first}T00:00:00+01:00", $"{last}T23:59:59+01:00"], range.Echo(Berlin));
    }

    [Fact]
    public void Months_are_the_whole_months_before_the_current_one()
    {
        var range = Resolve("\"6mo\"");

        Assert.Equal(new DateOnly(2025, 8, 1), range.FirstDay);
        Assert.Equal(new DateOnly(2026, 1, 31), range.LastDay);
        Assert.Equal(["2025-08-01T00:00:00+02:00", "2026-01-31T23:59:59+01:00"], range.Echo(Berlin));
    }

    [Fact]
    public void A_day_starts_and_ends_at_local_midnight_in_utc()
    {
        var range = Resolve("\"day\"");

        Assert.Equal(new DateTimeOffset(2026, 2, 9, 23, 0, 0, TimeSpan.Zero), range.From);
        Assert.Equal(new DateTimeOffset(2026, 2, 10, 23, 0, 0, TimeSpan.Zero), range.To);
    }

    [Fact]
    public void Twenty_four_hours_end_with_the_current_second_inclusive()
    {
        var range = Resolve("\"24h\"", Now.AddMilliseconds(400));

        Assert.Equal(new DateTimeOffset(2026, 2, 9, 12, 0, 0, TimeSpan.Zero), range.From);
        Assert.Equal(new DateTimeOffset(2026, 2, 10, 12, 0, 1, TimeSpan.Zero), range.To);
        Assert.Null(range.FirstDay);
        Assert.Equal(["2026-02-09T13:00:00+01:00", "2026-02-10T13:00:00+01:00"], range.Echo(Berlin));
    }

    [Fact]
    public void All_starts_on_the_local_day_the_retention_window_starts()
    {
        var range = Resolve("\"all\"", retention: TimeSpan.FromDays(10));

        Assert.Equal(new DateOnly(2026, 1, 31), range.FirstDay);
        Assert.Equal(new DateOnly(2026, 2, 10), range.LastDay);
    }

    [Fact]
    public void A_date_range_over_a_dst_change_ends_at_the_local_midnight_after_it()
    {
        // Berlin moves from +01:00 to +02:00 on Sunday 2026-03-29.
        var range = Resolve("[\"2026-03-28\", \"2026-03-29\"]");

        Assert.Equal(new DateTimeOffset(2026, 3, 27, 23, 0, 0, TimeSpan.Zero), range.From);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero), range.To);
        Assert.Equal(["2026-03-28T00:00:00+01:00", "2026-03-29T23:59:59+02:00"], range.Echo(Berlin));
    }

    [Fact]
    public void A_datetime_range_runs_from_the_first_instant_to_the_end_of_the_last_second()
    {
        var range = Resolve("[\"2026-02-01T10:00:00+02:00\", \"2026-02-01T11:59:59+02:00\"]");

        Assert.Equal(new DateTimeOffset(2026, 2, 1, 8, 0, 0, TimeSpan.Zero), range.From);
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 10, 0, 0, TimeSpan.Zero), range.To);
        Assert.Null(range.FirstDay);
        Assert.Equal(["2026-02-01T09:00:00+01:00", "2026-02-01T10:59:59+01:00"], range.Echo(Berlin));
    }

    [Fact]
    public void A_datetime_range_accepts_z_and_fractions_and_keeps_the_last_second_whole()
    {
        var range = Resolve("[\"2026-02-01T08:00:00Z\", \"2026-02-01T08:59:59.250Z\"]");

        Assert.Equal(new DateTimeOffset(2026, 2, 1, 8, 0, 0, TimeSpan.Zero), range.From);
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 9, 0, 0, TimeSpan.Zero), range.To);
    }

    [Theory]
    [InlineData("\"week\"")]
    [InlineData("\"0d\"")]
    [InlineData("\"07d\"")]
    [InlineData("\"5001d\"")]
    [InlineData("\"-7d\"")]
    [InlineData("\"101mo\"")]
    [InlineData("\"d\"")]
    [InlineData("\"\"")]
    [InlineData("7")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("[\"2026-01-01\"]")]
    [InlineData("[\"2026-01-01\", \"2026-01-02\", \"2026-01-03\"]")]
    [InlineData("[\"2026-01-01\", 5]")]
    [InlineData("[\"2026-02-30\", \"2026-03-01\"]")]
    [InlineData("[\"2026-01-02\", \"2026-01-01\"]")]
    [InlineData("[\"2026-01-01\", \"2026-01-02T00:00:00Z\"]")]
    [InlineData("[\"2026-01-01T00:00:00\", \"2026-01-02T00:00:00\"]")]
    [InlineData("[\"2026-01-02T00:00:00Z\", \"2026-01-01T00:00:00Z\"]")]
    [InlineData("[\"1899-12-31\", \"2026-01-01\"]")]
    [InlineData("[\"2026-01-01\", \"3000-01-01\"]")]
    [InlineData("[\"0001-01-01T00:00:00+14:00\", \"2026-01-01T00:00:00Z\"]")]
    public void Anything_else_is_refused_with_a_message(string json)
    {
        using var document = JsonDocument.Parse(json);

        var range = StatsDateRangeResolver.Resolve(document.RootElement, Now, Berlin, TimeSpan.FromDays(90), out var error);

        Assert.Null(range);
        Assert.StartsWith("Invalid date range", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_local_midnight_skipped_by_dst_starts_at_the_first_instant_after_the_gap()
    {
        // Chile moves from -04:00 to -03:00 at local midnight on Sunday 2026-09-06: the day starts at 01:00 -03:00.
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");

        Assert.Equal(new DateTimeOffset(2026, 9, 6, 4, 0, 0, TimeSpan.Zero), SiteClock.StartOf(new DateOnly(2026, 9, 6), santiago));
        Assert.Equal(new DateTimeOffset(2026, 9, 5, 4, 0, 0, TimeSpan.Zero), SiteClock.StartOf(new DateOnly(2026, 9, 5), santiago));
    }

    [Fact]
    public void A_local_time_that_occurs_twice_is_its_first_occurrence()
    {
        var instant = SiteClock.ToInstant(new DateTime(2026, 10, 25, 2, 30, 0, DateTimeKind.Unspecified), Berlin);

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), instant);
    }

    private static StatsDateRange Resolve(string json, DateTimeOffset? now = null, TimeSpan? retention = null)
    {
        using var document = JsonDocument.Parse(json);
        var range = StatsDateRangeResolver.Resolve(document.RootElement, now ?? Now, Berlin, retention ?? TimeSpan.FromDays(90), out var error);
        Assert.True(range is not null, error);
        return range;
    }
}
