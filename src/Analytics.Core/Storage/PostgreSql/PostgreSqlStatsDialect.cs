using Analytics.Querying;
using Analytics.Querying.Stats;

namespace Analytics.Storage.PostgreSql;

/// <summary>PostgreSQL's side of a stats query: local time through <c>AT TIME ZONE</c>, POSIX regular expressions.</summary>
/// <param name="quotedSchema">The schema of the events table, quoted.</param>
/// <param name="isUtc">Whether the query's zone is UTC, where buckets need no conversion.</param>
internal sealed class PostgreSqlStatsDialect(string quotedSchema, bool isUtc) : StatsSqlDialect
{
    /// <summary>The parameter holding the site's IANA zone.</summary>
    public const string TimeZoneParameter = "tz";

    // 2000-01-03 is a Monday, so week buckets start on Mondays, as TimescaleDB's time_bucket does.
    private const string Origin = "TIMESTAMP '2000-01-03'";

    public override string EventsTable { get; } = quotedSchema + ".events";

    public override string Parameter(string name) => "@" + name;

    public override string LocalTime(string instant) => $"({instant} AT TIME ZONE @{TimeZoneParameter})";

    public override string TimeBucket(string instant, TimeBucketWidth width, string widthParameter, string countParameter)
    {
        if (isUtc && width.Unit != TimeBucketUnit.Month)
        {
            return $"date_bin(CAST({widthParameter} AS INTERVAL), {instant}, TIMESTAMPTZ '2000-01-03 00:00:00+00')";
        }

        var local = LocalTime(instant);
        var bin = $"date_bin(CAST({widthParameter} AS INTERVAL), {local}, {Origin})";
        return width.Unit switch
        {
            // Step back from the event by its distance to the local bucket start: exact instants, even when a local hour repeats.
            TimeBucketUnit.Minute or TimeBucketUnit.Hour => $"{instant} - ({local} - {bin})",
            TimeBucketUnit.Day or TimeBucketUnit.Week => $"{bin} AT TIME ZONE @{TimeZoneParameter}",
            _ when width.Count == 1 => $"date_trunc('month', {instant}, @{TimeZoneParameter})",
            _ => $"(TIMESTAMP '2000-01-01' + make_interval(months => CAST(floor(((extract(year FROM {local}) - 2000) * 12 + extract(month FROM {local}) - 1) / {countParameter}) * {countParameter} AS INT))) AT TIME ZONE @{TimeZoneParameter}",
        };
    }

    // Every bucket is a timestamptz, which Npgsql reads as UTC.
    public override DateTime BucketStart(DateTime value, TimeBucketWidth width) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    public override string FirstByTime(string expression, string? filter, bool last) =>
        $"(array_agg({expression} ORDER BY time{(last ? " DESC" : "")}, id{(last ? " DESC" : "")}){(filter is null ? "" : $" FILTER (WHERE {filter})")})[1]";

    public override string Matches(string text, string pattern) => $"({text} ~ {pattern})";

    public override string PropValue(string key) => $"prop_values[array_position(prop_keys, {key})]";

    public override string Ordinal(string text) => text + " COLLATE \"C\"";

    public override string EpochMicros(string instant) => $"CAST(extract(epoch FROM {instant}) * 1000000 AS BIGINT)";

    public override string Quotient(string dividend, string divisor) => $"CAST(div(CAST({dividend} AS NUMERIC), CAST({divisor} AS NUMERIC)) AS BIGINT)";
}
