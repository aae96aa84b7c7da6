using System.Globalization;
using System.Text;
using Analytics.Querying;

namespace Analytics.AggregateBenchmarks;

/// <summary>
/// The aggregate SQL the stores build, copied because the builders are internal to assemblies this program cannot
/// see. The benchmark checks at start that this SQL returns the same rows as the store for every case, so a drift in
/// the stores' SQL is caught rather than measured.
/// </summary>
internal static class MirroredSql
{
    private const string Origin = "TIMESTAMP '2000-01-03'";
    private const string MonthOrigin = "TIMESTAMP '2000-01-01'";

    /// <summary>Mirrors <c>src/Analytics.Core/Storage/PostgreSql/PostgreSqlAggregateSql.cs</c> (Build, BucketExpression).</summary>
    public static string PostgreSql(string quotedSchema, TimeBucketWidth width, bool isUtc, bool filterPages)
    {
        var bucket = PostgreSqlBucket(width, isUtc);
        var pageFilter = filterPages ? " AND page = ANY(@pages)" : "";
        return $"""
            SELECT {bucket} AS Bucket, page AS Page, operating_system AS OperatingSystem,
                   avg(duration)::float8 AS AvgDuration, count(*) AS Count
            FROM {quotedSchema}.events
            WHERE time >= @from AND time < @to{pageFilter}
            GROUP BY 1, 2, 3
            ORDER BY 1, page COLLATE "C", operating_system COLLATE "C"
            """;
    }

    /// <summary>Mirrors <c>src/Analytics.DuckDb/Storage/DuckDb/DuckDbAggregateSql.cs</c> (Build, OffsetExpression).</summary>
    public static string DuckDb(string qualifiedSchema, TimeBucketWidth width, OffsetTimeline? timeline, bool filterPages)
    {
        var origin = width.Unit == TimeBucketUnit.Month ? MonthOrigin : Origin;
        var pageFilter = filterPages ? " AND page IN (SELECT unnest($pages))" : "";
        var range = $"FROM {qualifiedSchema}.events WHERE time >= $range_start AND time < $range_end{pageFilter}";
        const string tail = """
            GROUP BY 1, 2, 3
            ORDER BY 1, 2, 3
            """;

        if (timeline is null)
        {
            return $"""
                SELECT time_bucket(CAST($width AS INTERVAL), time, {origin}) AS bucket, page, operating_system,
                       avg(duration) AS avg_duration, count(*) AS count
                {range}
                {tail}
                """;
        }

        var bucket = width.IsCalendar
            ? $"time_bucket(CAST($width AS INTERVAL), local_time, {origin})"
            : $"time_bucket(CAST($width AS INTERVAL), local_time, {origin}) - to_seconds(utc_offset)";
        return $"""
            SELECT {bucket} AS bucket, page, operating_system, avg(duration) AS avg_duration, count(*) AS count
            FROM (
                SELECT time + to_seconds(utc_offset) AS local_time, utc_offset, page, operating_system, duration
                FROM (SELECT time, {OffsetExpression(timeline)} AS utc_offset, page, operating_system, duration {range})
            )
            {tail}
            """;
    }

    /// <summary>Mirrors <c>DuckDbAggregateSql.OffsetParameters</c>.</summary>
    public static IEnumerable<(string Name, object Value)> OffsetParameters(OffsetTimeline timeline)
    {
        yield return ("offset_0", (long)timeline.InitialOffset.TotalSeconds);
        for (var i = 0; i < timeline.Changes.Count; i++)
        {
            var (start, offset) = timeline.Changes[i];
            yield return ("change_" + (i + 1).ToString(CultureInfo.InvariantCulture), start);
            yield return ("offset_" + (i + 1).ToString(CultureInfo.InvariantCulture), (long)offset.TotalSeconds);
        }
    }

    private static string PostgreSqlBucket(TimeBucketWidth width, bool isUtc)
    {
        if (isUtc && width.Unit != TimeBucketUnit.Month)
        {
            return "date_bin(@width::interval, time, TIMESTAMPTZ '2000-01-03 00:00:00+00')";
        }

        const string local = "(time AT TIME ZONE @tz)";
        return width.Unit switch
        {
            TimeBucketUnit.Minute or TimeBucketUnit.Hour => $"time - ({local} - date_bin(@width::interval, {local}, {Origin}))",
            TimeBucketUnit.Day or TimeBucketUnit.Week => $"date_bin(@width::interval, {local}, {Origin}) AT TIME ZONE @tz",
            _ when width.Count == 1 => "date_trunc('month', time, @tz)",
            _ => $"(TIMESTAMP '2000-01-01' + make_interval(months => (floor(((extract(year FROM {local}) - 2000) * 12 + extract(month FROM {local}) - 1) / @months) * @months)::int)) AT TIME ZONE @tz",
        };
    }

    private static string OffsetExpression(OffsetTimeline timeline)
    {
        if (timeline.Changes.Count == 0)
        {
            return "$offset_0";
        }

        var expression = new StringBuilder("CASE");
        for (var i = 1; i <= timeline.Changes.Count; i++)
        {
            expression.Append(CultureInfo.InvariantCulture, $" WHEN time < $change_{i} THEN $offset_{i - 1}");
        }

        return expression.Append(CultureInfo.InvariantCulture, $" ELSE $offset_{timeline.Changes.Count} END").ToString();
    }
}

/// <summary>Mirrors <c>src/Analytics.DuckDb/Storage/DuckDb/UtcOffsetTimeline.cs</c> (For): a zone's UTC offsets over a range.</summary>
internal sealed class OffsetTimeline
{
    private static readonly TimeSpan SampleStep = TimeSpan.FromHours(6);

    private OffsetTimeline(TimeSpan initialOffset, List<(DateTime StartUtc, TimeSpan Offset)> changes)
    {
        InitialOffset = initialOffset;
        Changes = changes;
    }

    public TimeSpan InitialOffset { get; }

    public IReadOnlyList<(DateTime StartUtc, TimeSpan Offset)> Changes { get; }

    public static OffsetTimeline For(TimeZoneInfo zone, DateTime fromUtc, DateTime toUtc)
    {
        fromUtc = DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc);
        toUtc = DateTime.SpecifyKind(toUtc, DateTimeKind.Utc);
        var initial = zone.GetUtcOffset(fromUtc);
        var changes = new List<(DateTime, TimeSpan)>();
        var cursor = fromUtc;
        var offset = initial;
        while (cursor < toUtc)
        {
            var next = toUtc - cursor > SampleStep ? cursor + SampleStep : toUtc;
            var nextOffset = zone.GetUtcOffset(next);
            while (nextOffset != offset)
            {
                var low = cursor;
                var high = next;
                while (high.Ticks - low.Ticks > 1)
                {
                    var middle = new DateTime(low.Ticks + ((high.Ticks - low.Ticks) / 2), DateTimeKind.Utc);
                    if (zone.GetUtcOffset(middle) == offset)
                    {
                        low = middle;
                    }
                    else
                    {
                        high = middle;
                    }
                }

                if (high >= toUtc)
                {
                    break;
                }

                offset = zone.GetUtcOffset(high);
                changes.Add((high, offset));
                cursor = high;
            }

            cursor = next;
            offset = nextOffset;
        }

        return new OffsetTimeline(initial, changes);
    }
}
