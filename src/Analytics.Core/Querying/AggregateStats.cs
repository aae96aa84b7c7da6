using System.Globalization;
using Analytics.Events;
using Analytics.Querying.Stats;

namespace Analytics.Querying;

/// <summary>
/// The seed's aggregate (<c>GET /api/events</c>) as a stats query, so that one engine (<see cref="StatsSql"/>) answers
/// both APIs: page views grouped by the width's time buckets, page and operating system (then the grouped fields), with
/// the mean duration, the count and the distinct visitors of each group, ordered by those fields ascending.
/// </summary>
internal static class AggregateStats
{
    /// <summary>The stats query of <paramref name="query"/>, bucketed in <paramref name="zone"/>.</summary>
    public static StatsQuery ToStatsQuery(AggregateQuery query, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(query);
        List<StatsDimension> dimensions =
        [
            StatsDimension.TimeBucket(query.Width),
            StatsDimension.Find("event:page")!,
            StatsDimension.EventColumn("operating_system"),
            .. query.GroupBy.Select(d => StatsDimension.EventColumn(d.Name)),
        ];
        List<StatsFilter> filters = [Is(StatsDimension.Find("event:name")!, [EventNames.Pageview])];
        if (query.Pages.Count > 0)
        {
            filters.Add(Is(StatsDimension.Find("event:page")!, query.Pages));
        }

        filters.AddRange(query.Filters.Select(f => Is(StatsDimension.EventColumn(f.Key.Name), f.Value)));
        return new StatsQuery
        {
            Site = query.Site ?? "",
            EverySite = query.Site is null,
            IncludeBots = query.IncludeBots,
            From = query.From,
            To = query.To,
            TimeZone = zone,
            Metrics = [StatsMetric.AverageDuration, StatsMetric.Pageviews, StatsMetric.Visitors],
            Dimensions = dimensions,
            Filters = filters,
            OrderBy = [.. dimensions.Select(d => new StatsOrder(d.Name, Descending: false))],
            Limit = query.Limit,
        };
    }

    /// <summary>The aggregate row of a row of <see cref="ToStatsQuery"/>'s answer.</summary>
    public static AggregateRow ToRow(StatsRow row, AggregateQuery query)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(query);
        // The grouped fields follow bucket, page and OS in the order of query.GroupBy.
        string? Grouped(AggregateDimension dimension)
        {
            for (var i = 0; i < query.GroupBy.Count; i++)
            {
                if (query.GroupBy[i] == dimension)
                {
                    return row.Dimensions[3 + i];
                }
            }

            return null;
        }

        return new AggregateRow
        {
            Bucket = DateTimeOffset.ParseExact(row.Dimensions[0], "O", CultureInfo.InvariantCulture),
            Page = row.Dimensions[1],
            OperatingSystem = row.Dimensions[2],
            Browser = Grouped(AggregateDimension.Browser),
            DeviceType = Grouped(AggregateDimension.DeviceType),
            ReferrerSource = Grouped(AggregateDimension.ReferrerSource),
            AvgDuration = (double?)row.Metrics[0],
            Count = (long)row.Metrics[1]!,
            Visitors = (long)row.Metrics[2]!,
        };
    }

    private static StatsCondition Is(StatsDimension dimension, IReadOnlyList<string> values) =>
        new(StatsFilterOperator.Is, dimension, values);
}
