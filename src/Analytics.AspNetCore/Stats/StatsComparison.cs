using System.Text;
using Analytics.Querying.Stats;

namespace Analytics.AspNetCore.Stats;

/// <summary>
/// Pairs each row of a query with its row in the comparison range, as Plausible does: time dimension values map
/// through the two ranges' time labels by position, other values are equal. A row missing from the comparison reads as
/// zeros (<c>visit_duration</c>, <c>scroll_depth</c> and <c>time_on_page</c> as null: nothing to average).
/// </summary>
internal static class StatsComparison
{
    /// <summary>The comparison of each of <paramref name="rows"/>, in their order.</summary>
    /// <param name="metrics">The metrics, in the rows' order.</param>
    /// <param name="rows">The query's rows.</param>
    /// <param name="comparisonRows">The comparison query's rows.</param>
    /// <param name="timeIndex">The position of the time dimension, or -1.</param>
    /// <param name="labels">The query range's time labels (empty without a time dimension).</param>
    /// <param name="comparisonLabels">The comparison range's time labels.</param>
    public static IReadOnlyList<StatsComparisonRow> Pair(
        IReadOnlyList<StatsMetric> metrics,
        IReadOnlyList<StatsRow> rows,
        IReadOnlyList<StatsRow> comparisonRows,
        int timeIndex,
        IReadOnlyList<string> labels,
        IReadOnlyList<string> comparisonLabels)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(comparisonRows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(comparisonLabels);
        var byKey = new Dictionary<string, StatsRow>(StringComparer.Ordinal);
        foreach (var row in comparisonRows)
        {
            byKey.TryAdd(Key(row.Dimensions), row);
        }

        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            position.TryAdd(labels[i], i);
        }

        var defaults = metrics.Select(Default).ToArray();
        var paired = new List<StatsComparisonRow>(rows.Count);
        foreach (var row in rows)
        {
            var dimensions = new string?[row.Dimensions.Count];
            for (var i = 0; i < dimensions.Length; i++)
            {
                dimensions[i] = i != timeIndex ? row.Dimensions[i]
                    : position.TryGetValue(row.Dimensions[i], out var at) && at < comparisonLabels.Count ? comparisonLabels[at]
                    : null;
            }

            var old = dimensions.Contains(null) || !byKey.TryGetValue(Key(dimensions!), out var match)
                ? defaults
                : [.. match.Metrics.Select(MetricValue.Normalize)];
            var change = new object?[metrics.Count];
            for (var m = 0; m < metrics.Count; m++)
            {
                change[m] = Change(metrics[m], MetricValue.Normalize(row.Metrics[m]), old[m]);
            }

            paired.Add(new StatsComparisonRow(dimensions, old, change));
        }

        return paired;
    }

    /// <summary>
    /// How <paramref name="current"/> changed from <paramref name="previous"/>: the bounce rate in points (null from
    /// 0), every other metric in whole percent (100 from 0 to more, 0 from 0 to 0); null when either is null.
    /// </summary>
    public static object? Change(StatsMetric metric, object? current, object? previous)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (MetricValue.AsDouble(current) is not { } now || MetricValue.AsDouble(previous) is not { } before)
        {
            return null;
        }

        if (metric == StatsMetric.BounceRate)
        {
            return before == 0 ? null
                : current is long c && previous is long p ? c - p
                : MetricValue.Normalize(now - before);
        }

        if (before == 0)
        {
            return now > 0 ? 100L : now == 0 ? 0L : -100L;
        }

        var percent = Math.Round((now - before) / before * 100, MidpointRounding.AwayFromZero);
        return double.IsFinite(percent) && Math.Abs(percent) < long.MaxValue ? (long)percent : null;
    }

    /// <summary>What a metric reads when its comparison row is missing (Plausible's defaults).</summary>
    public static object? Default(StatsMetric metric) =>
        metric == StatsMetric.VisitDuration || metric.IsEngagementMetric ? null
        : metric == StatsMetric.ViewsPerVisit || metric == StatsMetric.Percentage ? (object)0.0
        : (object)0L;

    private static string Key(IReadOnlyList<string> values)
    {
        var key = new StringBuilder();
        foreach (var value in values)
        {
            key.Append(value.Length).Append(':').Append(value);
        }

        return key.ToString();
    }
}
