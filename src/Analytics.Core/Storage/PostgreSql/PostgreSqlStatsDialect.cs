using Analytics.Querying.Stats;

namespace Analytics.Storage.PostgreSql;

/// <summary>PostgreSQL's side of a stats query: local time through <c>AT TIME ZONE</c>, POSIX regular expressions.</summary>
internal sealed class PostgreSqlStatsDialect(string quotedSchema) : StatsSqlDialect
{
    /// <summary>The parameter holding the site's IANA zone.</summary>
    public const string TimeZoneParameter = "tz";

    public override string EventsTable { get; } = quotedSchema + ".events";

    public override string Parameter(string name) => "@" + name;

    public override string LocalTime(string instant) => $"({instant} AT TIME ZONE @{TimeZoneParameter})";

    public override string FirstByTime(string expression, string? filter, bool last) =>
        $"(array_agg({expression} ORDER BY time{(last ? " DESC" : "")}, id{(last ? " DESC" : "")}){(filter is null ? "" : $" FILTER (WHERE {filter})")})[1]";

    public override string Matches(string text, string pattern) => $"({text} ~ {pattern})";

    public override string PropValue(string key) => $"prop_values[array_position(prop_keys, {key})]";

    public override string Ordinal(string text) => text + " COLLATE \"C\"";

    public override string EpochMicros(string instant) => $"CAST(extract(epoch FROM {instant}) * 1000000 AS BIGINT)";

    public override string Quotient(string dividend, string divisor) => $"CAST(div(CAST({dividend} AS NUMERIC), CAST({divisor} AS NUMERIC)) AS BIGINT)";
}
