namespace Analytics.AspNetCore.Stats;

/// <summary>The <c>include.comparisons</c> of a query.</summary>
/// <param name="Mode">How the comparison range is found.</param>
/// <param name="CustomRange">The range of <see cref="StatsComparisonMode.Custom"/>; null for the other modes.</param>
internal sealed record StatsComparisonRequest(StatsComparisonMode Mode, StatsDateRange? CustomRange = null)
{
    /// <summary>
    /// The range to compare <paramref name="main"/> with. Ranges of whole days shift by days (previous period: the
    /// same number of days right before; year over year: the same dates a year before, 29 February becoming the
    /// 28th); ranges of instants shift by their length, or by a year of local time.
    /// </summary>
    public StatsDateRange RangeFor(StatsDateRange main, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(main);
        if (Mode == StatsComparisonMode.Custom)
        {
            return CustomRange ?? throw new InvalidOperationException("A custom comparison has its range.");
        }

        if (main is { FirstDay: { } first, LastDay: { } last })
        {
            return Mode == StatsComparisonMode.PreviousPeriod
                ? StatsDateRange.OfDays(first.AddDays(first.DayNumber - last.DayNumber - 1), first.AddDays(-1), zone)
                : StatsDateRange.OfDays(first.AddYears(-1), last.AddYears(-1), zone);
        }

        if (Mode == StatsComparisonMode.PreviousPeriod)
        {
            return new StatsDateRange(main.From - (main.To - main.From), main.From);
        }

        var from = SiteClock.ToInstant(TimeZoneInfo.ConvertTime(main.From, zone).DateTime.AddYears(-1), zone);
        var to = SiteClock.ToInstant(TimeZoneInfo.ConvertTime(main.To, zone).DateTime.AddYears(-1), zone);
        return new StatsDateRange(from, to > from ? to : from.AddSeconds(1));
    }
}
