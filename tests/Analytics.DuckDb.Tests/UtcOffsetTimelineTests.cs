using Analytics.Storage.DuckDb;

namespace Analytics.DuckDb.Tests;

public sealed class UtcOffsetTimelineTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void A_year_in_berlin_has_its_two_dst_changes_at_the_exact_instant()
    {
        var timeline = UtcOffsetTimeline.For(Berlin, Utc(2026, 1, 1), Utc(2027, 1, 1));

        Assert.Equal(TimeSpan.FromHours(1), timeline.InitialOffset);
        Assert.Equal(
        [
            (Utc(2026, 3, 29, 1), TimeSpan.FromHours(2)),
            (Utc(2026, 10, 25, 1), TimeSpan.FromHours(1)),
        ], timeline.Changes);
    }

    [Fact]
    public void A_range_without_a_change_has_one_offset_and_a_change_at_the_end_is_outside_it()
    {
        var timeline = UtcOffsetTimeline.For(Berlin, Utc(2026, 3, 1), Utc(2026, 3, 29, 1));

        Assert.Equal(TimeSpan.FromHours(1), timeline.InitialOffset);
        Assert.Empty(timeline.Changes);
    }

    [Fact]
    public void A_zone_whose_standard_offset_changed_shows_that_change_too()
    {
        // Europe/Moscow left permanent +04 for +03 on 2014-10-26 at 02:00 local (22:00 UTC the day before).
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

        var timeline = UtcOffsetTimeline.For(moscow, Utc(2014, 1, 1), Utc(2015, 1, 1));

        Assert.Equal([(Utc(2014, 10, 25, 22), TimeSpan.FromHours(3))], timeline.Changes);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-29T02:30:00", "2026-03-29T01:30:00Z")] // skipped: read with the offset before
    [InlineData("Europe/Berlin", "2026-10-25T02:30:00", "2026-10-25T01:30:00Z")] // repeated: the later instant
    [InlineData("Europe/Berlin", "2026-10-25T00:00:00", "2026-10-24T22:00:00Z")]
    [InlineData("America/Havana", "2014-03-09T00:00:00", "2014-03-09T05:00:00Z")] // midnight skipped by DST
    [InlineData("America/New_York", "2026-03-01T00:00:00", "2026-03-01T05:00:00Z")]
    public void Local_times_resolve_to_the_instants_postgresql_gives(string zone, string local, string expected)
    {
        var instant = UtcOffsetTimeline.LocalToUtc(
            TimeZoneInfo.FindSystemTimeZoneById(zone),
            DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime, instant);
    }
}
