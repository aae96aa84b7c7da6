namespace Analytics.AspNetCore.Stats;

/// <summary>
/// The instants a query's <c>date_range</c> covers: <see cref="From"/> inclusive, <see cref="To"/> exclusive. An
/// inclusive end given to the second (Plausible's <c>23:59:59</c>) is stored as the next second, so the last second
/// counts whole. Ranges of whole local days keep their first and last day, which comparisons shift.
/// </summary>
/// <param name="From">The first instant.</param>
/// <param name="To">The instant after the last one.</param>
/// <param name="FirstDay">The first local day of a range of whole days; null for a range of instants.</param>
/// <param name="LastDay">The last local day of a range of whole days; null for a range of instants.</param>
internal sealed record StatsDateRange(DateTimeOffset From, DateTimeOffset To, DateOnly? FirstDay = null, DateOnly? LastDay = null)
{
    /// <summary>The local days <paramref name="first"/> to <paramref name="last"/>, both whole.</summary>
    public static StatsDateRange OfDays(DateOnly first, DateOnly last, TimeZoneInfo zone) =>
        new(SiteClock.StartOf(first, zone), SiteClock.StartOf(last.AddDays(1), zone), first, last);

    /// <summary>From the first to the last second of the range, as Plausible measures its length.</summary>
    public TimeSpan Span => To - TimeSpan.FromSeconds(1) - From;

    /// <summary>The range as Plausible echoes it: its first and its last second, in the site's offset.</summary>
    public IReadOnlyList<string> Echo(TimeZoneInfo zone) =>
        [SiteClock.FormatInstant(From, zone), SiteClock.FormatInstant(To - TimeSpan.FromSeconds(1), zone)];
}
