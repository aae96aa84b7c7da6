using Analytics.Querying;
using Analytics.Querying.Stats;

namespace Analytics.AspNetCore.Stats;

/// <summary>What a bare <c>time</c> dimension means for a range, and how many of its buckets a range may have.</summary>
internal static class StatsTimeDimension
{
    /// <summary>More buckets than this are refused rather than listed (time labels, and the pairing of comparisons).</summary>
    public const int MaxBuckets = 100_000;

    /// <summary>
    /// <c>time:hour</c> for ranges up to 48 hours, <c>time:day</c> up to 40 days, <c>time:week</c> up to 52 weeks, else
    /// <c>time:month</c>; measured from the first to the last second, as Plausible does.
    /// </summary>
    public static StatsDimension Resolve(StatsDateRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        var span = range.Span;
        var unit = span <= TimeSpan.FromHours(48) ? TimeBucketUnit.Hour
            : span <= TimeSpan.FromDays(40) ? TimeBucketUnit.Day
            : span <= TimeSpan.FromDays(52 * 7) ? TimeBucketUnit.Week
            : TimeBucketUnit.Month;
        return StatsDimension.Time(unit);
    }

    /// <summary>Whether <paramref name="range"/> has at most <see cref="MaxBuckets"/> buckets of <paramref name="unit"/> (a bound, not a count).</summary>
    public static bool Fits(StatsDateRange range, TimeBucketUnit unit)
    {
        ArgumentNullException.ThrowIfNull(range);
        var shortest = unit switch
        {
            TimeBucketUnit.Minute => TimeSpan.FromMinutes(1),
            TimeBucketUnit.Hour => TimeSpan.FromHours(1),
            TimeBucketUnit.Day => TimeSpan.FromHours(23),
            TimeBucketUnit.Week => TimeSpan.FromDays(7),
            _ => TimeSpan.FromDays(28),
        };
        return (range.To - range.From) / shortest + 2 <= MaxBuckets;
    }
}
