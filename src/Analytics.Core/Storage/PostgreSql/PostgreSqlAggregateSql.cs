using Analytics.Querying;

namespace Analytics.Storage.PostgreSql;

/// <summary>
/// The aggregate query. Buckets are aligned in the reporting time zone: days, weeks (Monday) and months start at
/// local midnight, even across DST changes; minute and hour buckets are aligned on local wall-clock time but keep
/// the two real hours of a DST fall-back apart. Rows are ordered by bucket, then page and OS in ordinal (byte)
/// order whatever the database's collation, as every store orders them. Parameters: site, from, to, pages, tz, width, months and one
/// array per filter (<see cref="AggregateSqlParts"/>).
/// </summary>
internal static class PostgreSqlAggregateSql
{
    // 2000-01-03 is a Monday, so week buckets start on Mondays, as TimescaleDB's time_bucket does.
    private const string Origin = "TIMESTAMP '2000-01-03'";

    public static string Build(string quotedSchema, AggregateQuery query, bool isUtc)
    {
        var bucket = BucketExpression(query.Width, isUtc);
        var filter = " AND name = 'pageview'"
            + (query.Site is null ? "" : " AND site = @site")
            + (query.Pages.Count > 0 ? " AND page = ANY(@pages)" : "")
            + (query.IncludeBots ? "" : " AND NOT is_bot")
            + AggregateSqlParts.Filters(query, parameter => $"= ANY(@{parameter})");

        // Dapper matches "devicetype" to DeviceType: the aliases drop the underscores.
        return $"""
            SELECT {bucket} AS Bucket, page AS Page, operating_system AS OperatingSystem{AggregateSqlParts.GroupColumns(query, c => $"{c} AS {c.Replace("_", "", StringComparison.Ordinal)}")},
                   avg(duration)::float8 AS AvgDuration, count(*) AS Count, count(DISTINCT visitor_id) AS Visitors
            FROM {quotedSchema}.events
            WHERE time >= @from AND time < @to{filter}
            GROUP BY {AggregateSqlParts.GroupByPositions(query)}
            ORDER BY 1, page COLLATE "C", operating_system COLLATE "C"{AggregateSqlParts.GroupColumns(query, c => c + " COLLATE \"C\"")}
            """;
    }

    private static string BucketExpression(TimeBucketWidth width, bool isUtc)
    {
        if (isUtc && width.Unit != TimeBucketUnit.Month)
        {
            return "date_bin(@width::interval, time, TIMESTAMPTZ '2000-01-03 00:00:00+00')";
        }

        const string local = "(time AT TIME ZONE @tz)";
        return width.Unit switch
        {
            // Step back from the event by its distance to the local bucket start: exact instants, even when a local hour repeats.
            TimeBucketUnit.Minute or TimeBucketUnit.Hour => $"time - ({local} - date_bin(@width::interval, {local}, {Origin}))",
            TimeBucketUnit.Day or TimeBucketUnit.Week => $"date_bin(@width::interval, {local}, {Origin}) AT TIME ZONE @tz",
            _ when width.Count == 1 => "date_trunc('month', time, @tz)",
            _ => $"(TIMESTAMP '2000-01-01' + make_interval(months => (floor(((extract(year FROM {local}) - 2000) * 12 + extract(month FROM {local}) - 1) / @months) * @months)::int)) AT TIME ZONE @tz",
        };
    }
}
