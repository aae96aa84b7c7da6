using System.Globalization;
using System.Text;

namespace Analytics.Querying.Stats;

/// <summary>
/// The SQL of a stats query, written once for every engine (the differences are a <see cref="StatsSqlDialect"/>), as
/// docs/stats-api.md defines the metrics. Names come from the metric and dimension descriptors only; every value a
/// client sent is a parameter.
/// <list type="bullet">
/// <item><c>ev</c>: the site's human events in the scanned range; <c>vs</c>: one row per visit (session key);</item>
/// <item><c>j</c>: the events in the range, with their visit's attributes, that pass the filters;</item>
/// <item><c>em</c>: event metrics grouped by the dimensions; <c>vm</c>: visit metrics over the visits that start in
/// the range and have an event in <c>j</c>; the two joined on the dimensions' values.</item>
/// </list>
/// Every metric leaves the database as a whole number (rates in hundredths or tenths), rounded half up on exact
/// integers, so that ordering happens in SQL on the values shown and every engine agrees to the last digit.
/// </summary>
internal sealed class StatsSql
{
    /// <summary>How far before and after the range a visit's events are read.</summary>
    public static readonly TimeSpan VisitReach = TimeSpan.FromDays(1);

    private readonly StatsQuery _query;
    private readonly StatsSqlDialect _sql;
    private readonly List<(string Name, object Value)> _parameters = [];
    private readonly Dictionary<string, string> _propKeys = new(StringComparer.Ordinal);

    private StatsSql(StatsQuery query, StatsSqlDialect dialect)
    {
        _query = query;
        _sql = dialect;
    }

    /// <summary>The statement.</summary>
    public string Text { get; private set; } = "";

    /// <summary>Its parameters, besides the dialect's own.</summary>
    public IReadOnlyList<(string Name, object Value)> Parameters => _parameters;

    private bool HasEventDimension => _query.Dimensions.Any(d => d.Kind == StatsDimensionKind.Event);

    // Whether a top-level filter keeps page views only (event:name is "pageview", case-sensitive).
    private bool KeepsPageviewsOnly => _query.Filters.Any(f => f is StatsCondition
    {
        Operator: StatsFilterOperator.Is, CaseSensitive: true, Dimension.Name: "event:name", Values: [Events.EventNames.Pageview],
    });

    private bool NeedsEngagement => _query.Metrics.Any(m => m.IsEngagementMetric);

    // Plausible hides engagement events from an event:name breakdown: they are not among the matching events there.
    private bool HidesEngagement => _query.Dimensions.Any(d => d.Name == "event:name");

    private bool NeedsEventMetrics => _query.Metrics.Any(m => !m.IsVisitMetric) || (HasEventDimension && _query.Metrics.Contains(StatsMetric.Visits));

    private bool NeedsVisitMetrics => _query.Metrics.Any(m => m.IsSessionOnly) || (!HasEventDimension && _query.Metrics.Contains(StatsMetric.Visits));

    /// <summary>Whether the query needs visits derived (and so reads <see cref="VisitReach"/> beyond its range).</summary>
    public static bool NeedsVisits(StatsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Metrics.Any(m => m.IsVisitMetric)
            || query.Dimensions.Any(d => d.Kind == StatsDimensionKind.Visit)
            || query.Filters.Any(FilterNeedsVisits);
    }

    /// <summary>The instants a store must read: the range, widened by <see cref="VisitReach"/> when visits are derived.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) ScanRange(StatsQuery query) =>
        NeedsVisits(query) ? (query.From - VisitReach, query.To + VisitReach) : (query.From, query.To);

    /// <summary>Writes the statement for <paramref name="query"/>.</summary>
    public static StatsSql Build(StatsQuery query, StatsSqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(dialect);
        Check(query);
        var sql = new StatsSql(query, dialect);
        sql.Text = sql.Write();
        return sql;
    }

    /// <summary>Refuses a query no store can answer, so that code calling a store directly gets a clear message.</summary>
    /// <exception cref="ArgumentException">The query is not one the stats model allows.</exception>
    public static void Check(StatsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new ArgumentException(message, nameof(query));
            }
        }

        Require(query.Metrics.Count > 0 && query.Metrics.Distinct().Count() == query.Metrics.Count, "A stats query needs at least one metric, each once.");
        Require(query.Dimensions.Distinct().Count() == query.Dimensions.Count, "Each dimension may be named once.");
        Require(query.From < query.To, "The range must end after it starts.");
        Require(query.Limit >= 1 && query.Offset >= 0, "The limit must be at least 1 and the offset not negative.");
        Require(query.EverySite || !string.IsNullOrEmpty(query.Site), "A stats query names its site.");
        Require(
            !query.Metrics.Any(m => m.IsSessionOnly) || query.Dimensions.All(d => d.Kind != StatsDimensionKind.Event || d.Name is "event:page" or "event:hostname"),
            "Bounce rate, visit duration and views per visit cannot be grouped by an event dimension other than event:page and event:hostname.");
        Require(query.Filters.All(FilterIsWellFormed), "Every filter condition needs a value and an event or visit dimension, and every and/or at least one filter.");
    }

    private static bool FilterIsWellFormed(StatsFilter filter) => filter switch
    {
        StatsCondition c => c.Values.Count > 0 && c.Dimension.Kind != StatsDimensionKind.Time,
        StatsAnd a => a.Filters.Count > 0 && a.Filters.All(FilterIsWellFormed),
        StatsOr o => o.Filters.Count > 0 && o.Filters.All(FilterIsWellFormed),
        StatsNot n => FilterIsWellFormed(n.Filter),
        _ => false,
    };

    /// <summary>
    /// One result row from the values of its columns: the dimensions (text, or a local timestamp for time buckets),
    /// then one whole number (or NULL) per metric, then whether the row is on the page; the total row count is the last
    /// column. Returns null for the one row that only carries the total (a page past the last row).
    /// </summary>
    public StatsRow? ReadRow(Func<int, object?> valueAt, int fieldCount, out long totalRows)
    {
        ArgumentNullException.ThrowIfNull(valueAt);
        totalRows = Convert.ToInt64(valueAt(fieldCount - 1), CultureInfo.InvariantCulture);
        var dimensions = new string[_query.Dimensions.Count];
        var metrics = new object?[_query.Metrics.Count];
        if (valueAt(dimensions.Length + metrics.Length) is null or DBNull)
        {
            return null;
        }

        for (var i = 0; i < dimensions.Length; i++)
        {
            var value = valueAt(i);
            var dimension = _query.Dimensions[i];
            dimensions[i] = dimension.TimeUnit is { } unit
                ? StatsTimeLabels.Format(unit, value is DateOnly date ? date.ToDateTime(TimeOnly.MinValue) : Convert.ToDateTime(value, CultureInfo.InvariantCulture), _query)
                : dimension.BucketWidth is { } width
                    ? BucketLabel(_sql.BucketStart(Convert.ToDateTime(value, CultureInfo.InvariantCulture), width))
                    : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }

        for (var i = 0; i < metrics.Length; i++)
        {
            var value = valueAt(dimensions.Length + i);
            metrics[i] = value is null or DBNull ? null
                : _query.Metrics[i] == StatsMetric.AverageDuration ? Convert.ToDouble(value, CultureInfo.InvariantCulture)
                : Shown(_query.Metrics[i], Convert.ToInt64(value, CultureInfo.InvariantCulture));
        }

        return new StatsRow(dimensions, metrics);
    }

    // A bucket of the seed aggregate's time dimension: its start as an instant with the query's zone offset there (ISO 8601).
    private string BucketLabel(DateTime utc) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), _query.TimeZone).ToString("O", CultureInfo.InvariantCulture);

    // Rates leave the database in hundredths (views per visit) or tenths (percentage).
    private static object Shown(StatsMetric metric, long value) => metric.Name switch
    {
        "views_per_visit" => value / 100.0,
        "percentage" => value / 10.0,
        _ => (object)value,
    };

    private static bool FilterNeedsVisits(StatsFilter filter) => filter switch
    {
        StatsCondition c => c.Dimension.Kind == StatsDimensionKind.Visit,
        StatsAnd a => a.Filters.Any(FilterNeedsVisits),
        StatsOr o => o.Filters.Any(FilterNeedsVisits),
        StatsNot n => FilterNeedsVisits(n.Filter),
        _ => false,
    };

    // The visit's attributes taken from its first event: the column of ev each comes from.
    private static readonly (string Visit, string Event)[] FirstEventAttributes =
    [
        ("v_hostname", "hostname"), ("v_referrer", "referrer"), ("v_referrer_host", "referrer_host"), ("v_referrer_source", "referrer_source"),
        ("v_utm_source", "utm_source"), ("v_utm_medium", "utm_medium"), ("v_utm_campaign", "utm_campaign"), ("v_utm_content", "utm_content"),
        ("v_utm_term", "utm_term"), ("v_device_type", "device_type"), ("v_browser", "browser"), ("v_browser_version", "browser_version"),
        ("v_os", "operating_system"), ("v_os_version", "os_version"),
    ];

    // Columns of the events table that ev reads only when the query refers to them.
    private static readonly string[] OptionalEventColumns =
    [
        "page", "hostname", "duration", "prop_keys", "prop_values", "referrer", "referrer_host", "referrer_source", "utm_source", "utm_medium",
        "utm_campaign", "utm_content", "utm_term", "device_type", "browser", "browser_version", "operating_system", "os_version",
        "scroll_depth", "engagement_time",
    ];

    private string Write()
    {
        var visits = NeedsVisits(_query);
        var from = Add("range_from", _query.From.UtcDateTime);
        var to = Add("range_to", _query.To.UtcDateTime);
        var (scanFrom, scanTo) = ScanRange(_query);
        var filter = _query.Filters.Count == 0 ? "TRUE" : string.Join(" AND ", _query.Filters.Select(f => Filter(f, EventScope)));
        if (HidesEngagement)
        {
            filter += " AND name <> 'engagement'";
        }

        // The metrics and the answer first: which of a visit's attributes they use decides what the visits CTE derives.
        var rest = new StringBuilder();
        var dimensions = _query.Dimensions;
        var eventMetrics = NeedsEventMetrics;
        var visitMetrics = NeedsVisitMetrics;
        if (eventMetrics)
        {
            var columns = dimensions.Select((d, i) => $"{Dimension(d, EventScope)} AS d{i}").ToList();
            // Only the counts the metrics read, and no reference to name where the filters keep page views alone:
            // PostgreSQL's page-view index holds neither name nor the other columns, and answers from the index alone.
            var pageviewsOnly = KeepsPageviewsOnly;
            if (_query.Metrics.Contains(StatsMetric.Visitors) || _query.Metrics.Contains(StatsMetric.Percentage))
            {
                columns.Add("count(DISTINCT visitor_id) AS visitors");
            }

            if (_query.Metrics.Contains(StatsMetric.Pageviews))
            {
                columns.Add(pageviewsOnly ? "count(*) AS pageviews" : "count(*) FILTER (WHERE name = 'pageview') AS pageviews");
            }

            if (_query.Metrics.Contains(StatsMetric.Events))
            {
                columns.Add(pageviewsOnly ? "count(*) AS events" : "count(*) FILTER (WHERE name <> 'engagement') AS events");
            }

            if (_query.Metrics.Contains(StatsMetric.AverageDuration))
            {
                columns.Add("CAST(avg(duration) AS FLOAT8) AS avg_duration");
            }

            if (_query.Metrics.Contains(StatsMetric.Visits) && HasEventDimension)
            {
                columns.Add($"count(DISTINCT CASE WHEN v_start >= {from} AND v_start < {to} THEN sk END) AS visits");
            }

            if (NeedsEngagement)
            {
                WriteEngagement(rest, columns);
            }
            else
            {
                rest.Append(CultureInfo.InvariantCulture, $"""
                    ,
                    em AS (SELECT {string.Join(", ", columns)} FROM j{GroupBy(dimensions.Count)})
                    """);
            }
        }

        if (visitMetrics)
        {
            var bounceScope = _query.Filters
                .OfType<StatsCondition>()
                .Where(c => c.Dimension.Name == "event:page")
                .Select(c => Filter(c, VisitScope))
                .ToList();
            var counted = bounceScope.Count == 0 ? "TRUE" : string.Join(" AND ", bounceScope);

            // Grouped by event:page or event:hostname, visit metrics group by the entry page or first hostname
            // (Plausible's rewrite); the top-level filters on that dimension then apply to it too, so no row shows a
            // value the filters exclude.
            var rewritten = _query.Filters
                .OfType<StatsCondition>()
                .Where(c => c.Dimension.Name is "event:page" or "event:hostname" && dimensions.Contains(c.Dimension))
                .Select(c => " AND " + Filter(c, VisitScope));
            var columns = dimensions.Select((d, i) => $"{Dimension(d, VisitScope)} AS d{i}").ToList();
            columns.Add("count(*) AS visits");
            columns.Add("CAST(coalesce(sum(v_pageviews), 0) AS BIGINT) AS visit_pageviews");
            columns.Add($"count(*) FILTER (WHERE {counted} AND v_later_interactions = 0) AS bounces");
            columns.Add($"count(*) FILTER (WHERE {counted}) AS bounce_visits");
            // Left as the engine's wide sum (NUMERIC, HUGEINT): a client's own session ids can make it outgrow 64 bits.
            columns.Add($"coalesce(sum({_sql.EpochMicros("v_end")} - {_sql.EpochMicros("v_start")}), 0) AS duration_us");
            rest.Append(CultureInfo.InvariantCulture, $"""
                ,
                vm AS (
                    SELECT {string.Join(", ", columns)}
                    FROM vs
                    WHERE v_start >= {from} AND v_start < {to} AND sk IN (SELECT sk FROM j){string.Concat(rewritten)}{GroupBy(dimensions.Count)})
                """);
        }

        var percentage = _query.Metrics.Contains(StatsMetric.Percentage);
        if (percentage)
        {
            rest.Append("""
                ,
                tot AS (SELECT count(DISTINCT visitor_id) AS all_visitors FROM j)
                """);
        }

        var source = (eventMetrics, visitMetrics) switch
        {
            (true, true) when dimensions.Count == 0 => "em CROSS JOIN vm",
            (true, true) => "em FULL JOIN vm ON " + string.Join(" AND ", dimensions.Select((_, i) => $"em.d{i} = vm.d{i}")),
            (true, false) => "em",
            _ => "vm",
        };
        var select = new List<string>();
        for (var i = 0; i < dimensions.Count; i++)
        {
            select.Add(eventMetrics && visitMetrics ? $"coalesce(em.d{i}, vm.d{i}) AS d{i}" : $"d{i}");
        }

        for (var i = 0; i < _query.Metrics.Count; i++)
        {
            select.Add($"{Metric(_query.Metrics[i], eventMetrics, visitMetrics)} AS m{i}");
        }

        select.Add("1 AS on_page");
        if (percentage)
        {
            // Percentage orders as the visitors it is made of.
            select.Add($"{(eventMetrics && visitMetrics ? "coalesce(em.visitors, 0)" : "visitors")} AS percentage_order");
        }

        // The rows are counted apart from the page, so a page past the last row still says how many there are: it
        // comes back as one row without on_page. Ordered where d0, m0... are plain columns whatever the join.
        var order = OrderBy();
        rest.Append(CultureInfo.InvariantCulture, $"""
            ,
            result AS (
                SELECT {string.Join(", ", select)}
                FROM {source}{(percentage ? " CROSS JOIN tot" : "")}),
            page AS (
                SELECT * FROM result
                ORDER BY {order}
                LIMIT {_query.Limit.ToString(CultureInfo.InvariantCulture)} OFFSET {_query.Offset.ToString(CultureInfo.InvariantCulture)})
            SELECT page.*, counted.total_rows
            FROM (SELECT count(*) AS total_rows FROM result) AS counted LEFT JOIN page ON TRUE
            ORDER BY {order}
            """);

        // ev carries only the columns something reads: a CTE read twice is materialized whole on PostgreSQL.
        var used = rest.ToString() + filter;
        var attributes = visits ? FirstEventAttributes.Where(a => used.Contains(a.Visit, StringComparison.Ordinal)).ToList() : [];
        var wanted = used + string.Join(" ", attributes.Select(a => a.Event));
        // The session key (a string built per row) and what orders and flags a visit's events only when visits are derived.
        const string SessionKey = "coalesce(session_id, CAST(id AS VARCHAR)) || '/' || coalesce(CAST(visitor_id AS VARCHAR), '') AS sk";
        var eventColumns = visits
            ? new List<string> { "id", "time", "name", "interactive", "visitor_id", SessionKey }
            : NeedsEngagement ? ["time", "name", "visitor_id", SessionKey] : ["time", "name", "visitor_id"];
        foreach (var column in OptionalEventColumns)
        {
            if (wanted.Contains(column, StringComparison.Ordinal))
            {
                eventColumns.Add(column == "hostname" ? "coalesce(hostname, '') AS hostname" : column);
            }
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            WITH ev AS (
                SELECT {string.Join(", ", eventColumns)}
                FROM {_sql.EventsTable}
                WHERE {(_query.EverySite ? "" : $"site = {Add("site", _query.Site)} AND ")}{(_query.IncludeBots ? "" : "NOT is_bot AND ")}time >= {Add("scan_from", scanFrom.UtcDateTime)} AND time < {Add("scan_to", scanTo.UtcDateTime)})
            """);
        if (visits)
        {
            WriteVisits(text, used, attributes, filter, from, to);
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"""
                ,
                j AS (SELECT * FROM ev WHERE {filter})
                """);
        }

        return text.Append(rest).ToString();
    }

    /// <summary>
    /// The visits (one row per session key) and j, deriving only what <paramref name="used"/> refers to: the counts
    /// always; the first event's attributes (one DISTINCT ON pass), the entry and the exit page only when needed. One
    /// ordered aggregate per attribute would sort every visit's events once per attribute.
    /// </summary>
    private void WriteVisits(StringBuilder text, string used, List<(string Visit, string Event)> attributes, string filter, string from, string to)
    {
        bool Uses(string column) => used.Contains(column, StringComparison.Ordinal);
        var entry = Uses("v_entry_page");
        var exit = Uses("v_exit_page");
        text.Append(CultureInfo.InvariantCulture, $"""
            ,
            va AS (
                SELECT sk, min(time) AS v_start, max(time) AS v_end,
                       count(*) FILTER (WHERE name = 'pageview') AS v_pageviews,
                       count(*) FILTER (WHERE interactive) - {First("CASE WHEN interactive THEN 1 ELSE 0 END")} AS v_later_interactions
                FROM ev GROUP BY sk)
            """);
        var joins = new StringBuilder();
        var columns = new List<string> { "va.sk", "va.v_start", "va.v_end", "va.v_pageviews", "va.v_later_interactions" };
        if (attributes.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"""
                ,
                vf AS (SELECT DISTINCT ON (sk) sk, {string.Join(", ", attributes.Select(a => $"{a.Event} AS {a.Visit}"))} FROM ev ORDER BY sk, time, id)
                """);
            joins.Append(" JOIN vf ON vf.sk = va.sk");
            columns.AddRange(attributes.Select(a => "vf." + a.Visit));
        }

        if (entry)
        {
            text.Append("""
                ,
                ve AS (SELECT DISTINCT ON (sk) sk, page AS v_entry_page FROM ev WHERE name = 'pageview' ORDER BY sk, time, id)
                """);
            joins.Append(" LEFT JOIN ve ON ve.sk = va.sk");
            columns.Add("ve.v_entry_page");
        }

        if (exit)
        {
            text.Append("""
                ,
                vx AS (SELECT DISTINCT ON (sk) sk, page AS v_exit_page FROM ev WHERE name = 'pageview' ORDER BY sk, time DESC, id DESC)
                """);
            joins.Append(" LEFT JOIN vx ON vx.sk = va.sk");
            columns.Add("vx.v_exit_page");
        }

        text.Append(CultureInfo.InvariantCulture, $"""
            ,
            vs AS (SELECT {string.Join(", ", columns)} FROM va{joins}),
            j AS (
                SELECT ev.*, {string.Join(", ", columns.Skip(1).Select(c => "vs." + c[(c.IndexOf('.', StringComparison.Ordinal) + 1)..]))}
                FROM ev JOIN vs ON ev.sk = vs.sk
                WHERE ev.time >= {from} AND ev.time < {to} AND {filter})
            """);
    }

    /// <summary>
    /// em with the engagement sums beside the counts: per row's dimension values and visit (eg), the deepest scroll and
    /// the engaged milliseconds of its matching engagement events; per row (eng), their sums and how many visits have
    /// each. Plausible's two-step scroll depth; time on page shares it, since it also divides by visits.
    /// </summary>
    private void WriteEngagement(StringBuilder rest, List<string> counts)
    {
        var dimensions = _query.Dimensions;
        var keys = dimensions.Select((d, i) => $"{Dimension(d, EventScope)} AS d{i}");
        var names = string.Join("", dimensions.Select((_, i) => $"d{i}, "));
        var groupByVisit = " GROUP BY " + string.Concat(Enumerable.Range(1, dimensions.Count).Select(i => i.ToString(CultureInfo.InvariantCulture) + ", ")) + "sk";
        var join = dimensions.Count == 0
            ? "CROSS JOIN eng"
            : "LEFT JOIN eng ON " + string.Join(" AND ", dimensions.Select((_, i) => $"c.d{i} = eng.d{i}"));
        if (counts.Count == dimensions.Count)
        {
            counts.Add("count(*) AS matched"); // an aggregate, so that no dimension still gives one row
        }

        rest.Append(CultureInfo.InvariantCulture, $"""
            ,
            eg AS (
                SELECT {string.Concat(keys.Select(k => k + ", "))}sk, max(scroll_depth) AS max_scroll, sum(engagement_time) AS engaged_ms
                FROM j WHERE name = 'engagement'{groupByVisit}),
            eng AS (
                SELECT {names}coalesce(sum(max_scroll), 0) AS scroll_total, count(max_scroll) AS scroll_visits,
                       coalesce(sum(engaged_ms), 0) AS engaged_total, count(engaged_ms) AS engaged_visits
                FROM eg{GroupBy(dimensions.Count)}),
            em AS (
                SELECT c.*, coalesce(eng.scroll_total, 0) AS scroll_total, coalesce(eng.scroll_visits, 0) AS scroll_visits,
                       coalesce(eng.engaged_total, 0) AS engaged_total, coalesce(eng.engaged_visits, 0) AS engaged_visits
                FROM (SELECT {string.Join(", ", counts)} FROM j{GroupBy(dimensions.Count)}) AS c {join})
            """);
    }

    private string First(string expression) => _sql.FirstByTime(expression, null, last: false);

    private static string GroupBy(int dimensions) =>
        dimensions == 0 ? "" : " GROUP BY " + string.Join(", ", Enumerable.Range(1, dimensions));

    private string Metric(StatsMetric metric, bool eventMetrics, bool visitMetrics)
    {
        string Event(string column) => visitMetrics && eventMetrics ? $"coalesce(em.{column}, 0)" : column;
        string Visit(string column) => visitMetrics && eventMetrics ? $"coalesce(vm.{column}, 0)" : column;
        string Rounded(string numerator, long scale, string denominator) =>
            $"CASE WHEN {denominator} = 0 THEN 0 ELSE {_sql.Quotient($"2 * {scale} * {numerator} + {denominator}", $"2 * {denominator}")} END";

        if (metric == StatsMetric.Visitors)
        {
            return Event("visitors");
        }

        if (metric == StatsMetric.Pageviews)
        {
            return Event("pageviews");
        }

        if (metric == StatsMetric.Events)
        {
            return Event("events");
        }

        if (metric == StatsMetric.AverageDuration)
        {
            return Event("avg_duration");
        }

        // A whole percent and whole seconds, rounded half up; NULL where no visit sent one.
        if (metric == StatsMetric.ScrollDepth)
        {
            var visits = Event("scroll_visits");
            return $"CASE WHEN {visits} = 0 THEN NULL ELSE {_sql.Quotient($"2 * {Event("scroll_total")} + {visits}", $"2 * {visits}")} END";
        }

        if (metric == StatsMetric.TimeOnPage)
        {
            var visits = Event("engaged_visits");
            return $"CASE WHEN {visits} = 0 THEN NULL ELSE {_sql.Quotient($"2 * {Event("engaged_total")} + 1000 * {visits}", $"2000 * {visits}")} END";
        }

        if (metric == StatsMetric.Visits)
        {
            return HasEventDimension ? Event("visits") : Visit("visits");
        }

        if (metric == StatsMetric.ViewsPerVisit)
        {
            return Rounded(Visit("visit_pageviews"), 100, Visit("visits"));
        }

        if (metric == StatsMetric.BounceRate)
        {
            return Rounded(Visit("bounces"), 100, Visit("bounce_visits"));
        }

        if (metric == StatsMetric.VisitDuration)
        {
            return Rounded(Visit("duration_us"), 1, $"1000000 * {Visit("visits")}");
        }

        // Percentage in tenths; NULL when nothing matched at all.
        return $"CASE WHEN all_visitors = 0 THEN NULL ELSE {_sql.Quotient($"2 * 1000 * {Event("visitors")} + all_visitors", "2 * all_visitors")} END";
    }

    private string OrderBy()
    {
        var keys = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var order in _query.OrderBy.Count > 0 ? _query.OrderBy : StatsOrder.Default(_query.Metrics, _query.Dimensions))
        {
            if (!used.Add(order.Name))
            {
                continue;
            }

            var direction = order.Descending ? " DESC" : " ASC";
            var dimension = _query.Dimensions.ToList().FindIndex(d => d.Name == order.Name);
            if (dimension >= 0)
            {
                keys.Add(DimensionKey(dimension) + direction);
                continue;
            }

            var metric = _query.Metrics.ToList().FindIndex(m => m.Name == order.Name);
            if (metric >= 0)
            {
                var percentage = _query.Metrics[metric] == StatsMetric.Percentage;
                keys.Add((percentage ? "percentage_order" : $"m{metric.ToString(CultureInfo.InvariantCulture)}") + direction + (order.Descending ? " NULLS LAST" : " NULLS FIRST"));
            }
        }

        for (var i = 0; i < _query.Dimensions.Count; i++)
        {
            keys.Add(DimensionKey(i) + " ASC");
        }

        return keys.Count == 0 ? "1" : string.Join(", ", keys);
    }

    private string DimensionKey(int index)
    {
        var name = "d" + index.ToString(CultureInfo.InvariantCulture);
        return _query.Dimensions[index].Kind == StatsDimensionKind.Time ? name : _sql.Ordinal(name);
    }

    // A parameter that several places of the statement may refer to.
    private string Once(string name, object value) =>
        _parameters.Exists(p => p.Name == name) ? _sql.Parameter(name) : Add(name, value);

    private string Add(string name, object value)
    {
        _parameters.Add((name, value));
        return _sql.Parameter(name);
    }

    // Event scope: a row of j, an event with (when visits are derived) its visit's columns.
    private static bool EventScope => true;

    // Visit scope: a row of vs; event:page and event:hostname read the visit's entry page and first hostname.
    private static bool VisitScope => false;

    private string Dimension(StatsDimension dimension, bool eventScope)
    {
        if (dimension.TimeUnit is { } unit)
        {
            return $"date_trunc('{unit.ToString().ToLowerInvariant()}', {_sql.LocalTime(eventScope ? "time" : "v_start")})";
        }

        if (dimension.BucketWidth is { } width)
        {
            return _sql.TimeBucket(eventScope ? "time" : "v_start", width, Once("bucket_width", width.ToString()), Once("bucket_months", width.Count));
        }

        if (dimension.Column is { } column)
        {
            return column;
        }

        static string NotSet(string column, string label) => $"coalesce(nullif({column}, ''), '{label}')";
        return dimension.Name switch
        {
            "event:page" => eventScope ? "page" : "coalesce(v_entry_page, '')",
            "event:hostname" => eventScope ? "hostname" : "coalesce(v_hostname, '')",
            "event:name" => "name",
            "visit:entry_page" => "coalesce(v_entry_page, '')",
            "visit:exit_page" => "coalesce(v_exit_page, '')",
            "visit:source" => "coalesce(nullif(v_utm_source, ''), CASE WHEN v_referrer_source = 'direct' THEN NULL ELSE nullif(v_referrer_host, '') END, 'Direct / None')",
            "visit:referrer" => "CASE WHEN v_referrer_source = 'direct' THEN 'Direct / None' ELSE coalesce(nullif(v_referrer, ''), 'Direct / None') END",
            "visit:channel" => """
                CASE WHEN lower(coalesce(v_utm_medium, '')) IN ('cpc', 'ppc', 'retargeting') OR lower(coalesce(v_utm_medium, '')) LIKE 'paid%'
                     THEN CASE v_referrer_source WHEN 'search' THEN 'Paid Search' WHEN 'social' THEN 'Paid Social' ELSE 'Paid Other' END
                     ELSE CASE v_referrer_source WHEN 'search' THEN 'Organic Search' WHEN 'social' THEN 'Organic Social' WHEN 'email' THEN 'Email'
                                                 WHEN 'referral' THEN 'Referral' ELSE 'Direct' END END
                """,
            "visit:utm_medium" => NotSet("v_utm_medium", "(not set)"),
            "visit:utm_source" => NotSet("v_utm_source", "(not set)"),
            "visit:utm_campaign" => NotSet("v_utm_campaign", "(not set)"),
            "visit:utm_content" => NotSet("v_utm_content", "(not set)"),
            "visit:utm_term" => NotSet("v_utm_term", "(not set)"),
            "visit:device" => "CASE v_device_type WHEN 'desktop' THEN 'Desktop' WHEN 'tv' THEN 'Desktop' WHEN 'console' THEN 'Desktop' WHEN 'mobile' THEN 'Mobile' WHEN 'tablet' THEN 'Tablet' ELSE '(not set)' END",
            "visit:browser" => NotSet("v_browser", "(not set)"),
            "visit:browser_version" => NotSet("v_browser_version", "(not set)"),
            "visit:os" => NotSet("v_os", "(not set)"),
            "visit:os_version" => NotSet("v_os_version", "(not set)"),
            _ when dimension.PropKey is { } key => NotSet(_sql.PropValue(PropKey(key)), "(none)"),
            _ => throw new ArgumentException($"The dimension {dimension.Name} has no SQL.", nameof(dimension)),
        };
    }

    private string PropKey(string key)
    {
        if (!_propKeys.TryGetValue(key, out var parameter))
        {
            parameter = Add("k" + _propKeys.Count.ToString(CultureInfo.InvariantCulture), key);
            _propKeys.Add(key, parameter);
        }

        return parameter;
    }

    private string Filter(StatsFilter filter, bool eventScope) => filter switch
    {
        StatsAnd and => "(" + string.Join(" AND ", and.Filters.Select(f => Filter(f, eventScope))) + ")",
        StatsOr or => "(" + string.Join(" OR ", or.Filters.Select(f => Filter(f, eventScope))) + ")",
        StatsNot not => "NOT " + Filter(not.Filter, eventScope),
        StatsCondition condition => Condition(condition, eventScope),
        _ => throw new ArgumentException($"Unknown filter {filter.GetType().Name}.", nameof(filter)),
    };

    private string Condition(StatsCondition condition, bool eventScope)
    {
        if (condition.Dimension.Kind == StatsDimensionKind.Time)
        {
            throw new ArgumentException("Time dimensions cannot be filtered.", nameof(condition));
        }

        var value = Dimension(condition.Dimension, eventScope);
        var folded = !condition.CaseSensitive && condition.Operator is not (StatsFilterOperator.Matches or StatsFilterOperator.MatchesNot);
        var subject = folded ? $"lower({value})" : value;
        var parameters = condition.Values
            .Select(v => Add("f" + _parameters.Count.ToString(CultureInfo.InvariantCulture), v))
            .Select(p => folded ? $"lower({p})" : p)
            .ToList();
        var any = condition.Operator switch
        {
            StatsFilterOperator.Is or StatsFilterOperator.IsNot => $"{subject} IN ({string.Join(", ", parameters)})",
            StatsFilterOperator.Contains or StatsFilterOperator.ContainsNot => "(" + string.Join(" OR ", parameters.Select(p => $"strpos({subject}, {p}) > 0")) + ")",
            _ => "(" + string.Join(" OR ", parameters.Select(p => _sql.Matches(subject, p))) + ")",
        };
        return condition.Operator is StatsFilterOperator.IsNot or StatsFilterOperator.ContainsNot or StatsFilterOperator.MatchesNot
            ? $"NOT {any}"
            : any;
    }
}
