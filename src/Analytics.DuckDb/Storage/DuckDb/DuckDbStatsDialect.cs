using Analytics.Querying.Stats;

namespace Analytics.Storage.DuckDb;

/// <summary>
/// DuckDB's side of a stats query. Times are UTC <c>TIMESTAMP</c>s: local time is the instant shifted by its zone's
/// offset, taken from a <see cref="UtcOffsetTimeline"/> of the scanned range (a CASE over parameters), as the
/// aggregate does. Regular expressions are RE2, which matches in linear time.
/// </summary>
internal sealed class DuckDbStatsDialect : StatsSqlDialect
{
    private readonly UtcOffsetTimeline _timeline;

    public DuckDbStatsDialect(string eventsTable, TimeZoneInfo zone, DateTime scanFromUtc, DateTime scanToUtc)
    {
        EventsTable = eventsTable;
        _timeline = UtcOffsetTimeline.For(zone, scanFromUtc, scanToUtc);
    }

    public override string EventsTable { get; }

    /// <summary>The timeline's parameters: offset_0..n in seconds, change_1..n as UTC instants.</summary>
    public IEnumerable<(string Name, object Value)> TimelineParameters => DuckDbAggregateSql.OffsetParameters(_timeline);

    public override string Parameter(string name) => "$" + name;

    public override string LocalTime(string instant) => $"({instant} + to_seconds({DuckDbAggregateSql.OffsetExpression(_timeline, instant)}))";

    public override string FirstByTime(string expression, string? filter, bool last) =>
        $"{(last ? "last" : "first")}({expression} ORDER BY time, id){(filter is null ? "" : $" FILTER (WHERE {filter})")}";

    public override string Matches(string text, string pattern) => $"regexp_matches({text}, {pattern})";

    public override string PropValue(string key) => $"prop_values[list_position(prop_keys, {key})]";

    public override string Ordinal(string text) => text;

    public override string EpochMicros(string instant) => $"epoch_us({instant})";

    public override string Quotient(string dividend, string divisor) => $"CAST(CAST({dividend} AS HUGEINT) // CAST({divisor} AS HUGEINT) AS BIGINT)";
}
