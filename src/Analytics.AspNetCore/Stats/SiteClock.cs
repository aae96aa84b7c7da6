namespace Analytics.AspNetCore.Stats;

/// <summary>Local dates and times of a site's time zone turned into instants, and back.</summary>
internal static class SiteClock
{
    /// <summary>The local date at <paramref name="instant"/>.</summary>
    public static DateOnly DateAt(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The first instant of the local day <paramref name="date"/>.</summary>
    public static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone) => ToInstant(date.ToDateTime(TimeOnly.MinValue), zone);

    /// <summary>
    /// The first instant whose local time is <paramref name="local"/>: the earlier of the two when clocks go back, and
    /// the first instant after the gap when that local time does not exist (a midnight skipped by a DST change).
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);

        // Gaps are whole minutes in every zone in use, and a day at most (Samoa skipped 2011-12-30).
        var probe = local;
        for (var minutes = 0; zone.IsInvalidTime(probe) && minutes <= 48 * 60; minutes++)
        {
            probe = probe.AddMinutes(1);
        }

        if (probe != local)
        {
            // The first valid local minute after the gap starts right at the transition.
            probe = new DateTime(probe.Year, probe.Month, probe.Day, probe.Hour, probe.Minute, 0, DateTimeKind.Unspecified);
        }

        var offset = zone.IsAmbiguousTime(probe) ? zone.GetAmbiguousTimeOffsets(probe).Max() : zone.GetUtcOffset(probe);
        return new DateTimeOffset(probe, offset).ToUniversalTime();
    }

    /// <summary><paramref name="instant"/> in the site's offset at that instant: <c>2026-03-01T00:00:00+01:00</c>.</summary>
    public static string FormatInstant(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}
