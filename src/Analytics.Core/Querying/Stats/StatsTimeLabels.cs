using System.Globalization;

namespace Analytics.Querying.Stats;

/// <summary>
/// Time buckets as Plausible shows them, in the site's time zone: <c>2026-03-30</c> for days, weeks and months,
/// <c>2026-03-29 02:00:00</c> for hours and minutes. A week that starts before the range is shown from the range's
/// first day.
/// </summary>
public static class StatsTimeLabels
{
    /// <summary>The label of the bucket of <paramref name="unit"/> that starts at the local time <paramref name="localStart"/>.</summary>
    public static string Format(TimeBucketUnit unit, DateTime localStart, StatsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (unit is TimeBucketUnit.Minute or TimeBucketUnit.Hour)
        {
            return localStart.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        }

        if (unit == TimeBucketUnit.Week)
        {
            var first = TimeZoneInfo.ConvertTime(query.From, query.TimeZone).Date;
            if (localStart < first)
            {
                localStart = first;
            }
        }

        return localStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>Every bucket label of <paramref name="unit"/> in the query's range, in order.</summary>
    public static IReadOnlyList<string> All(TimeBucketUnit unit, StatsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var labels = new List<string>();
        var end = TimeZoneInfo.ConvertTime(query.To, query.TimeZone).DateTime;
        var cursor = Truncate(unit, TimeZoneInfo.ConvertTime(query.From, query.TimeZone).DateTime);
        while (cursor < end && labels.Count <= 100_000)
        {
            var label = Format(unit, cursor, query);
            if (labels.Count == 0 || labels[^1] != label)
            {
                labels.Add(label);
            }

            cursor = unit switch
            {
                TimeBucketUnit.Minute => cursor.AddMinutes(1),
                TimeBucketUnit.Hour => cursor.AddHours(1),
                TimeBucketUnit.Day => cursor.AddDays(1),
                TimeBucketUnit.Week => cursor.AddDays(7),
                _ => cursor.AddMonths(1),
            };
        }

        return labels;
    }

    /// <summary>The local start of the bucket of <paramref name="unit"/> holding the local time <paramref name="local"/>.</summary>
    public static DateTime Truncate(TimeBucketUnit unit, DateTime local) => unit switch
    {
        TimeBucketUnit.Minute => new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0),
        TimeBucketUnit.Hour => new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0),
        TimeBucketUnit.Day => local.Date,
        TimeBucketUnit.Week => local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7)),
        _ => new DateTime(local.Year, local.Month, 1),
    };
}
