using System.Globalization;
using System.Text;
using Analytics.Querying;

namespace Analytics.Storage.DuckDb;

/// <summary>
/// The aggregate query, with the same buckets as PostgreSQL's (<c>PostgreSqlAggregateSql</c>) but without TIMESTAMPTZ.
/// In UTC, time_bucket runs on the stored UTC timestamps. Otherwise each event is shifted to local wall-clock time by
/// the UTC offset of its segment of a <see cref="UtcOffsetTimeline"/> (a CASE over parameters), and bucketed there:
/// minute and hour buckets are returned as instants (local bucket start minus the event's own offset, so the two real
/// hours of a fall-back stay apart); day, week and month buckets as local wall-clock starts, which the store turns
/// into instants. Rows are ordered by bucket, then page and OS in byte order (DuckDB's default collation).
/// Parameters: range_start, range_end, width, pages, offset_0..offset_n, change_1..change_n, and one array per filter
/// (<see cref="AggregateSqlParts"/>).
/// </summary>
internal static class DuckDbAggregateSql
{
    // 2000-01-03 is a Monday, so week buckets start on Mondays, as in PostgreSQL and TimescaleDB.
    private const string Origin = "TIMESTAMP '2000-01-03'";

    // Month buckets count months from January 2000, as PostgreSQL's formula does.
    private const string MonthOrigin = "TIMESTAMP '2000-01-01'";

    /// <summary>Whether the bucket column holds local wall-clock starts (true) or UTC instants (false).</summary>
    public static bool ReturnsLocalBuckets(TimeBucketWidth width, bool isUtc) => !isUtc && width.IsCalendar;

    public static string Build(string qualifiedSchema, AggregateQuery query, UtcOffsetTimeline? timeline)
    {
        var width = query.Width;
        var origin = width.Unit == TimeBucketUnit.Month ? MonthOrigin : Origin;
        var filter = " AND name = 'pageview'"
            + (query.Site is null ? "" : " AND site = $site")
            + (query.Pages.Count > 0 ? " AND page IN (SELECT unnest($pages))" : "")
            + (query.IncludeBots ? "" : " AND NOT is_bot")
            + AggregateSqlParts.Filters(query, parameter => $"IN (SELECT unnest(${parameter}))");
        var range = $"FROM {qualifiedSchema}.events WHERE time >= $range_start AND time < $range_end{filter}";
        var groups = AggregateSqlParts.GroupColumns(query);
        const string measures = "avg(duration) AS avg_duration, count(*) AS count, count(DISTINCT visitor_id) AS visitors";
        var positions = AggregateSqlParts.GroupByPositions(query);
        var tail = $"""
            GROUP BY {positions}
            ORDER BY {positions}
            """;

        if (timeline is null)
        {
            return $"""
                SELECT time_bucket(CAST($width AS INTERVAL), time, {origin}) AS bucket, page, operating_system{groups},
                       {measures}
                {range}
                {tail}
                """;
        }

        var bucket = width.IsCalendar
            ? $"time_bucket(CAST($width AS INTERVAL), local_time, {origin})"
            : $"time_bucket(CAST($width AS INTERVAL), local_time, {origin}) - to_seconds(utc_offset)";
        return $"""
            SELECT {bucket} AS bucket, page, operating_system{groups}, {measures}
            FROM (
                SELECT time + to_seconds(utc_offset) AS local_time, utc_offset, page, operating_system{groups}, duration, visitor_id
                FROM (SELECT time, {OffsetExpression(timeline, "time")} AS utc_offset, page, operating_system{groups}, duration, visitor_id {range})
            )
            {tail}
            """;
    }

    /// <summary>The offset (in seconds) of each segment as parameters: offset_0 before change_1, offset_1 from it on, and so on.</summary>
    public static IEnumerable<(string Name, object Value)> OffsetParameters(UtcOffsetTimeline timeline)
    {
        yield return ("offset_0", Seconds(timeline.InitialOffset));
        for (var i = 0; i < timeline.Changes.Count; i++)
        {
            var (start, offset) = timeline.Changes[i];
            yield return (Name("change_", i + 1), start);
            yield return (Name("offset_", i + 1), Seconds(offset));
        }
    }

    /// <summary>The UTC offset in seconds of the UTC timestamp <paramref name="instant"/>: a CASE over the timeline's parameters.</summary>
    public static string OffsetExpression(UtcOffsetTimeline timeline, string instant)
    {
        if (timeline.Changes.Count == 0)
        {
            return "$offset_0";
        }

        var expression = new StringBuilder("CASE");
        for (var i = 1; i <= timeline.Changes.Count; i++)
        {
            expression.Append(CultureInfo.InvariantCulture, $" WHEN {instant} < $change_{i} THEN $offset_{i - 1}");
        }

        return expression.Append(CultureInfo.InvariantCulture, $" ELSE $offset_{timeline.Changes.Count} END").ToString();
    }

    private static long Seconds(TimeSpan offset) => (long)offset.TotalSeconds;

    private static string Name(string prefix, int index) => prefix + index.ToString(CultureInfo.InvariantCulture);
}
