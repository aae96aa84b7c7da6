using System.Globalization;
using System.Text;
using Analytics.Querying;
using Analytics.Querying.Stats;

namespace Analytics.Storage.DuckDb;

/// <summary>
/// DuckDB's side of a stats query. Times are UTC <c>TIMESTAMP</c>s: local time is the instant shifted by its zone's
/// offset, taken from a <see cref="UtcOffsetTimeline"/> of the scanned range (a CASE over the parameters offset_0..n,
/// change_1..n). Regular expressions are RE2, which matches in linear time.
/// </summary>
internal sealed class DuckDbStatsDialect : StatsSqlDialect
{
    // 2000-01-03 is a Monday, so week buckets start on Mondays, as in PostgreSQL and TimescaleDB; months count from January 2000.
    private const string Origin = "TIMESTAMP '2000-01-03'";
    private const string MonthOrigin = "TIMESTAMP '2000-01-01'";

    private readonly TimeZoneInfo _zone;
    private readonly UtcOffsetTimeline _timeline;
    private readonly Dictionary<DateTime, DateTime> _localBucketStarts = [];

    public DuckDbStatsDialect(string eventsTable, TimeZoneInfo zone, DateTime scanFromUtc, DateTime scanToUtc)
    {
        EventsTable = eventsTable;
        _zone = zone;
        _timeline = UtcOffsetTimeline.For(zone, scanFromUtc, scanToUtc);
    }

    public override string EventsTable { get; }

    /// <summary>The timeline's parameters: offset_0..n in seconds, change_1..n as UTC instants.</summary>
    public IEnumerable<(string Name, object Value)> TimelineParameters
    {
        get
        {
            yield return ("offset_0", Seconds(_timeline.InitialOffset));
            for (var i = 0; i < _timeline.Changes.Count; i++)
            {
                var (start, offset) = _timeline.Changes[i];
                yield return (Name("change_", i + 1), start);
                yield return (Name("offset_", i + 1), Seconds(offset));
            }
        }
    }

    // Constant UTC: no offset to add, and buckets are instants already.
    private bool IsUtc => _timeline.Changes.Count == 0 && _timeline.InitialOffset == TimeSpan.Zero;

    public override string Parameter(string name) => "$" + name;

    public override string LocalTime(string instant) => $"({instant} + to_seconds({OffsetOf(instant)}))";

    // Calendar buckets come back as local wall-clock starts, which BucketStart turns into instants; minute and hour
    // buckets as instants: the local bucket start minus the event's own offset, so the two real hours of a fall-back stay apart.
    public override string TimeBucket(string instant, TimeBucketWidth width, string widthParameter, string countParameter)
    {
        var origin = width.Unit == TimeBucketUnit.Month ? MonthOrigin : Origin;
        if (IsUtc)
        {
            return $"time_bucket(CAST({widthParameter} AS INTERVAL), {instant}, {origin})";
        }

        var bucket = $"time_bucket(CAST({widthParameter} AS INTERVAL), {LocalTime(instant)}, {origin})";
        return width.IsCalendar ? bucket : $"{bucket} - to_seconds({OffsetOf(instant)})";
    }

    public override DateTime BucketStart(DateTime value, TimeBucketWidth width)
    {
        if (IsUtc || !width.IsCalendar)
        {
            return DateTime.SpecifyKind(value, DateTimeKind.Utc);
        }

        if (!_localBucketStarts.TryGetValue(value, out var start))
        {
            start = UtcOffsetTimeline.LocalToUtc(_zone, value);
            _localBucketStarts.Add(value, start);
        }

        return start;
    }

    public override string FirstByTime(string expression, string? filter, bool last) =>
        $"{(last ? "last" : "first")}({expression} ORDER BY time, id){(filter is null ? "" : $" FILTER (WHERE {filter})")}";

    public override string Matches(string text, string pattern) => $"regexp_matches({text}, {pattern})";

    public override string PropValue(string key) => $"prop_values[list_position(prop_keys, {key})]";

    public override string Ordinal(string text) => text;

    public override string EpochMicros(string instant) => $"epoch_us({instant})";

    public override string Quotient(string dividend, string divisor) => $"CAST(CAST({dividend} AS HUGEINT) // CAST({divisor} AS HUGEINT) AS BIGINT)";

    // The UTC offset in seconds of a UTC timestamp: a CASE over the timeline's parameters.
    private string OffsetOf(string instant)
    {
        if (_timeline.Changes.Count == 0)
        {
            return "$offset_0";
        }

        var expression = new StringBuilder("CASE");
        for (var i = 1; i <= _timeline.Changes.Count; i++)
        {
            expression.Append(CultureInfo.InvariantCulture, $" WHEN {instant} < $change_{i} THEN $offset_{i - 1}");
        }

        return expression.Append(CultureInfo.InvariantCulture, $" ELSE $offset_{_timeline.Changes.Count} END").ToString();
    }

    private static long Seconds(TimeSpan offset) => (long)offset.TotalSeconds;

    private static string Name(string prefix, int index) => prefix + index.ToString(CultureInfo.InvariantCulture);
}
