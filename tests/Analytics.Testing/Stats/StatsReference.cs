using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Analytics.Events;
using Analytics.Querying;
using Analytics.Querying.Stats;

namespace Analytics.Testing.Stats;

/// <summary>
/// docs/stats-api.md computed the plain way, over events in memory, to hold every store to. Written to be read next to
/// the doc, not to be fast: each definition is one method, and nothing here knows SQL.
/// </summary>
/// <remarks>
/// Where the doc leaves a choice open, the choice made here is named in a comment starting with "Choice:".
/// </remarks>
public sealed class StatsReference
{
    public const string DirectNone = "Direct / None";
    public const string NotSet = "(not set)";
    public const string NoProp = "(none)";

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);

    private readonly IReadOnlyList<AnalyticsEvent> _events;

    public StatsReference(IReadOnlyList<AnalyticsEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        _events = events;
    }

    /// <summary>The rows docs/stats-api.md gives for <paramref name="query"/>, in order, one page of them, and the total.</summary>
    public StatsResult Run(StatsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        Validate(query);

        var visits = VisitsOfSite(query.Site);
        var inRange = _events
            .Where(e => e.Site == query.Site && !e.IsBot && query.From <= e.Time && e.Time < query.To)
            .Select(e => new Hit(e, visits[SessionKey(e)]))
            .ToList();
        // Plausible hides engagement events from an event:name breakdown: there they are not matching events at all.
        var hidesEngagement = query.Dimensions.Any(d => d.Name == "event:name");
        var matching = inRange
            .Where(h => query.Filters.All(f => Holds(f, h)) && !(hidesEngagement && h.Event.Name == EventNames.Engagement))
            .ToList();
        var counted = visits.Values
            .Where(v => query.From <= v.Start && v.Start < query.To)
            .Select(v => new CountedVisit(v, matching.Where(h => h.Visit == v).ToList()))
            .Where(c => c.Matching.Count > 0)
            .ToList();

        var rows = RowKeys(query, matching, counted)
            .Select(key => new Row(key, Metrics(query, key, matching, counted)))
            .ToList();
        rows.Sort((a, b) => Compare(query, a, b));

        var page = rows.Skip(query.Offset).Take(query.Limit)
            .Select(r => new StatsRow(r.Key.Cells.Select(c => c.Label).ToList(), query.Metrics.Select(m => r.Values[m.Name]).ToList()))
            .ToList();
        return new StatsResult(page, rows.Count);
    }

    private static void Validate(StatsQuery query)
    {
        if (query.Metrics.Count == 0)
        {
            throw new ArgumentException("A stats query needs at least one metric.", nameof(query));
        }

        if (Conditions(query.Filters).Any(c => c.Dimension.Kind == StatsDimensionKind.Time))
        {
            throw new ArgumentException("Time dimensions cannot be filtered.", nameof(query));
        }

        var sessionOnly = query.Metrics.Where(m => m.IsSessionOnly).ToList();
        var refused = query.Dimensions.FirstOrDefault(d => d.Kind == StatsDimensionKind.Event && d.Name is not ("event:page" or "event:hostname"));
        if (sessionOnly.Count > 0 && refused is not null)
        {
            throw new ArgumentException($"{sessionOnly[0].Name} cannot be grouped by {refused.Name}.", nameof(query));
        }

        foreach (var order in query.OrderBy)
        {
            if (!query.Metrics.Any(m => m.Name == order.Name) && !query.Dimensions.Any(d => d.Name == order.Name))
            {
                throw new ArgumentException($"order_by names {order.Name}, which the query does not ask for.", nameof(query));
            }
        }
    }

    // ---- Visits ------------------------------------------------------------------------------------------------

    /// <summary>
    /// The event's session key: its session id (else its own id as text) within its visitor, so that two visitors
    /// sending the same session id have two visits.
    /// </summary>
    /// <remarks>Choice: only a null session id falls back to the id; an empty one is a key like any other.</remarks>
    public static string SessionKey(AnalyticsEvent e) =>
        (e.SessionId ?? e.Id.ToString("D")) + "/" + (e.VisitorId?.ToString(CultureInfo.InvariantCulture) ?? "");

    /// <summary>"First" and "last" order by time, then by id in the UUID's byte order (its canonical text's order).</summary>
    public static int CompareEvents(AnalyticsEvent a, AnalyticsEvent b)
    {
        var byTime = a.Time.CompareTo(b.Time);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id.ToString("D"), b.Id.ToString("D"));
    }

    private Dictionary<string, Visit> VisitsOfSite(string site) => _events
        .Where(e => e.Site == site && !e.IsBot)
        .GroupBy(SessionKey, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => new Visit(g.Order(Comparer<AnalyticsEvent>.Create(CompareEvents)).ToList()), StringComparer.Ordinal);

    private sealed class Visit(IReadOnlyList<AnalyticsEvent> events)
    {
        public IReadOnlyList<AnalyticsEvent> Events { get; } = events;

        public AnalyticsEvent First => Events[0];

        public DateTimeOffset Start => First.Time;

        public DateTimeOffset End => Events[^1].Time;

        public string EntryPage => Events.FirstOrDefault(IsPageview)?.Page ?? "";

        public string ExitPage => Events.LastOrDefault(IsPageview)?.Page ?? "";

        /// <summary>No interactive event after the first one.</summary>
        public bool IsBounce => !Events.Skip(1).Any(e => e.Interactive);

        /// <summary>Whole microseconds, as both databases store time.</summary>
        public long DurationMicroseconds => (End - Start).Ticks / 10;

        public long Pageviews => Events.Count(IsPageview);
    }

    private sealed record Hit(AnalyticsEvent Event, Visit Visit);

    private sealed record CountedVisit(Visit Visit, IReadOnlyList<Hit> Matching);

    private static bool IsPageview(AnalyticsEvent e) => e.Name == EventNames.Pageview;

    // ---- Dimension values ----------------------------------------------------------------------------------------

    /// <summary>The value a dimension shows for an event in its visit (blank labels included), as rows and filters see it.</summary>
    private static string Shown(StatsDimension dimension, Hit hit) => dimension.Kind switch
    {
        StatsDimensionKind.Event => EventValue(dimension, hit.Event),
        StatsDimensionKind.Visit => VisitValue(dimension, hit.Visit),
        _ => throw new ArgumentException($"{dimension.Name} has no value of its own; it is a time bucket.", nameof(dimension)),
    };

    private static string EventValue(StatsDimension dimension, AnalyticsEvent e)
    {
        if (dimension.PropKey is { } key)
        {
            // Choice: a property that is present but empty shows (none), like a missing one.
            return e.Props.TryGetValue(key, out var value) && value.Length > 0 ? value : NoProp;
        }

        return dimension.Name switch
        {
            "event:page" => e.Page ?? "",
            "event:hostname" => e.Hostname ?? "",
            "event:name" => e.Name,
            _ => throw new ArgumentException($"Unknown event dimension {dimension.Name}.", nameof(dimension)),
        };
    }

    private static string VisitValue(StatsDimension dimension, Visit visit)
    {
        var first = visit.First;
        return dimension.Name switch
        {
            "visit:entry_page" => visit.EntryPage,
            "visit:exit_page" => visit.ExitPage,
            "visit:source" => Source(first),
            "visit:referrer" => !IsBlank(first.Referrer) && !ReferredBySiteItself(first) ? first.Referrer! : DirectNone,
            "visit:channel" => Channel(first),
            "visit:utm_medium" => OrNotSet(first.UtmMedium),
            "visit:utm_source" => OrNotSet(first.UtmSource),
            "visit:utm_campaign" => OrNotSet(first.UtmCampaign),
            "visit:utm_content" => OrNotSet(first.UtmContent),
            "visit:utm_term" => OrNotSet(first.UtmTerm),
            "visit:device" => Device(first.DeviceType),
            "visit:browser" => OrNotSet(first.Browser),
            "visit:browser_version" => OrNotSet(first.BrowserVersion),
            "visit:os" => OrNotSet(first.OperatingSystem),
            "visit:os_version" => OrNotSet(first.OsVersion),
            _ => throw new ArgumentException($"Unknown visit dimension {dimension.Name}.", nameof(dimension)),
        };
    }

    /// <summary>Choice: blank is null or empty; whitespace is a value.</summary>
    private static bool IsBlank(string? value) => string.IsNullOrEmpty(value);

    private static string OrNotSet(string? value) => IsBlank(value) ? NotSet : value!;

    /// <summary>Choice: "the site itself" is a referrer host equal to the site (ordinal, ignoring case).</summary>
    private static bool ReferredBySiteItself(AnalyticsEvent e) => string.Equals(e.ReferrerHost, e.Site, StringComparison.OrdinalIgnoreCase);

    private static string Source(AnalyticsEvent first)
    {
        if (!IsBlank(first.UtmSource))
        {
            return first.UtmSource!;
        }

        return !IsBlank(first.ReferrerHost) && !ReferredBySiteItself(first) ? first.ReferrerHost! : DirectNone;
    }

    /// <summary>
    /// Choice: the medium is compared ignoring case; "paid…" is a prefix; the class is the stored referrer source, and a
    /// class other than search, social, email and referral (direct, unknown) is Direct.
    /// </summary>
    private static string Channel(AnalyticsEvent first)
    {
        var medium = (first.UtmMedium ?? "").ToLowerInvariant();
        var paid = medium is "cpc" or "ppc" or "retargeting" || medium.StartsWith("paid", StringComparison.Ordinal);
        return (paid, first.ReferrerSource) switch
        {
            (true, "search") => "Paid Search",
            (true, "social") => "Paid Social",
            (true, _) => "Paid Other",
            (false, "search") => "Organic Search",
            (false, "social") => "Organic Social",
            (false, "email") => "Email",
            (false, "referral") => "Referral",
            _ => "Direct",
        };
    }

    /// <summary>Choice: other, bot and blank device types show (not set).</summary>
    private static string Device(string? deviceType) => deviceType switch
    {
        "desktop" or "tv" or "console" => "Desktop",
        "mobile" => "Mobile",
        "tablet" => "Tablet",
        _ => NotSet,
    };

    // ---- Time buckets ---------------------------------------------------------------------------------------------

    /// <summary>
    /// The label of the bucket <paramref name="instant"/> falls in: its local start in the query's time zone.
    /// Choice: a bucket is its local label, so the hour repeated when clocks fall back is one bucket of two hours, and
    /// labels in their fixed formats sort chronologically as text.
    /// </summary>
    public static string TimeLabel(TimeBucketUnit unit, DateTimeOffset instant, StatsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var local = TimeZoneInfo.ConvertTime(instant, query.TimeZone).DateTime;
        var date = DateOnly.FromDateTime(local);
        return unit switch
        {
            TimeBucketUnit.Minute => Format(new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified)),
            TimeBucketUnit.Hour => Format(new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0, DateTimeKind.Unspecified)),
            TimeBucketUnit.Day => Format(date),
            TimeBucketUnit.Week => Format(Max(date.AddDays(-DaysSinceMonday(date)), RangeStartDate(query))),
            TimeBucketUnit.Month => Format(new DateOnly(date.Year, date.Month, 1)),
            _ => throw new ArgumentOutOfRangeException(nameof(unit)),
        };

        static string Format(IFormattable value) => value switch
        {
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        };

        static int DaysSinceMonday(DateOnly d) => ((int)d.DayOfWeek + 6) % 7;

        static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
    }

    private static DateOnly RangeStartDate(StatsQuery query) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(query.From, query.TimeZone).DateTime);

    // ---- Filters --------------------------------------------------------------------------------------------------

    private static bool Holds(StatsFilter filter, Hit hit) => filter switch
    {
        StatsAnd and => and.Filters.All(f => Holds(f, hit)),
        StatsOr or => or.Filters.Any(f => Holds(f, hit)),
        StatsNot not => !Holds(not.Filter, hit),
        StatsCondition condition => Holds(condition, Shown(condition.Dimension, hit)),
        _ => throw new ArgumentException($"Unknown filter {filter.GetType().Name}.", nameof(filter)),
    };

    /// <summary>Whether <paramref name="value"/> (a shown value) passes <paramref name="condition"/>.</summary>
    public static bool Holds(StatsCondition condition, string value)
    {
        ArgumentNullException.ThrowIfNull(condition);
        string Fold(string s) => condition.CaseSensitive ? s : s.ToLowerInvariant();

        // Choice: case_sensitive false on matches is RegexOptions.IgnoreCase (lower-casing a pattern changes it: \D).
        var regexOptions = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | (condition.CaseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase);
        var any = condition.Operator switch
        {
            StatsFilterOperator.Is or StatsFilterOperator.IsNot => condition.Values.Any(v => Fold(value) == Fold(v)),
            StatsFilterOperator.Contains or StatsFilterOperator.ContainsNot => condition.Values.Any(v => Fold(value).Contains(Fold(v), StringComparison.Ordinal)),
            StatsFilterOperator.Matches or StatsFilterOperator.MatchesNot => condition.Values.Any(v => Regex.IsMatch(value, v, regexOptions, RegexTimeout)),
            _ => throw new ArgumentException($"Unknown operator {condition.Operator}.", nameof(condition)),
        };
        return condition.Operator is StatsFilterOperator.IsNot or StatsFilterOperator.ContainsNot or StatsFilterOperator.MatchesNot ? !any : any;
    }

    /// <summary>Every condition in <paramref name="filters"/>, however deep.</summary>
    public static IEnumerable<StatsCondition> Conditions(IEnumerable<StatsFilter> filters) => filters.SelectMany(f => f switch
    {
        StatsCondition c => [c],
        StatsAnd a => Conditions(a.Filters),
        StatsOr o => Conditions(o.Filters),
        StatsNot n => Conditions([n.Filter]),
        _ => Enumerable.Empty<StatsCondition>(),
    });

    // ---- Rows -----------------------------------------------------------------------------------------------------

    /// <summary>One dimension's value in a row: the label shown.</summary>
    private sealed record Cell(string Label);

    private sealed class RowKey(IReadOnlyList<Cell> cells) : IEquatable<RowKey>
    {
        public IReadOnlyList<Cell> Cells { get; } = cells;

        public bool Equals(RowKey? other) => other is not null && Cells.SequenceEqual(other.Cells);

        public override bool Equals(object? obj) => Equals(obj as RowKey);

        public override int GetHashCode() => Cells.Aggregate(17, (h, c) => HashCode.Combine(h, c));
    }

    private sealed record Row(RowKey Key, IReadOnlyDictionary<string, object?> Values)
    {
        /// <summary>Row visitors whatever the query asked, since percentage orders by them.</summary>
        public long Visitors => (long)Values["visitors"]!;
    }

    /// <summary>Event metrics fall into the event's own values and bucket.</summary>
    private static RowKey EventKey(StatsQuery query, Hit hit) => new([.. query.Dimensions.Select(d => d.Kind == StatsDimensionKind.Time
        ? new Cell(TimeLabel(d.TimeUnit!.Value, hit.Event.Time, query))
        : new Cell(Shown(d, hit)))]);

    /// <summary>
    /// The rows a counted visit adds 1 to <c>visits</c> in: the bucket of its start, its visit values, and (with event
    /// dimensions) the values of each of its matching events.
    /// </summary>
    /// <remarks>
    /// With an event dimension, visits are counted per matching event's values, its time bucket included (the doc: a
    /// visit with matching events in two buckets counts in both); otherwise in the bucket of the visit's start.
    /// </remarks>
    private static HashSet<RowKey> VisitsKeys(StatsQuery query, CountedVisit counted)
    {
        var byEvent = query.Dimensions.Any(d => d.Kind == StatsDimensionKind.Event);
        return [.. counted.Matching.Select(hit => new RowKey([.. query.Dimensions.Select(d => d.Kind == StatsDimensionKind.Time
            ? new Cell(TimeLabel(d.TimeUnit!.Value, byEvent ? hit.Event.Time : counted.Visit.Start, query))
            : new Cell(Shown(d, hit)))]))];
    }

    /// <summary>The one row a counted visit falls in for bounce rate, visit duration and views per visit (Plausible's rewrite of event:page and event:hostname).</summary>
    private static RowKey SessionMetricKey(StatsQuery query, Visit visit) => new([.. query.Dimensions.Select(d => new Cell(d switch
    {
        { Kind: StatsDimensionKind.Time } => TimeLabel(d.TimeUnit!.Value, visit.Start, query),
        { Kind: StatsDimensionKind.Visit } => VisitValue(d, visit),
        { Name: "event:page" } => visit.EntryPage,
        { Name: "event:hostname" } => visit.First.Hostname ?? "",
        _ => throw new ArgumentException($"Session metrics cannot be grouped by {d.Name}.", nameof(query)),
    }))]);

    /// <summary>
    /// The counted visits the session metrics use: grouped by event:page or event:hostname, they group by the entry
    /// page or first hostname, and the top-level filters on that dimension apply to it too.
    /// </summary>
    private static IEnumerable<CountedVisit> SessionCounted(StatsQuery query, List<CountedVisit> counted) =>
        counted.Where(c => query.Filters.OfType<StatsCondition>().All(f => f.Dimension.Name switch
        {
            "event:page" when query.Dimensions.Contains(f.Dimension) => Holds(f, c.Visit.EntryPage),
            "event:hostname" when query.Dimensions.Contains(f.Dimension) => Holds(f, c.Visit.First.Hostname ?? ""),
            _ => true,
        }));

    /// <summary>
    /// Choice: the rows are the union of the values where each queried kind of metric has something to count: matching
    /// events (for visitors, pageviews, events, percentage), counted visits (for visits, by <see cref="VisitsKeys"/>,
    /// and for the session metrics, by <see cref="SessionMetricKey"/>). Without dimensions there is always one row.
    /// </summary>
    private static List<RowKey> RowKeys(StatsQuery query, List<Hit> matching, List<CountedVisit> counted)
    {
        if (query.Dimensions.Count == 0)
        {
            return [new RowKey([])];
        }

        var keys = new HashSet<RowKey>();
        if (query.Metrics.Any(m => !m.IsVisitMetric))
        {
            keys.UnionWith(matching.Select(h => EventKey(query, h)));
        }

        if (query.Metrics.Contains(StatsMetric.Visits))
        {
            keys.UnionWith(counted.SelectMany(c => VisitsKeys(query, c)));
        }

        if (query.Metrics.Any(m => m.IsSessionOnly))
        {
            keys.UnionWith(SessionCounted(query, counted).Select(c => SessionMetricKey(query, c.Visit)));
        }

        return [.. keys];
    }

    private static Dictionary<string, object?> Metrics(StatsQuery query, RowKey key, List<Hit> matching, List<CountedVisit> counted)
    {
        var hits = matching.Where(h => EventKey(query, h).Equals(key)).ToList();
        var visitors = DistinctVisitors(hits);
        var totalVisitors = DistinctVisitors(matching);
        var sessionVisits = query.Metrics.Any(m => m.IsSessionOnly)
            ? SessionCounted(query, counted).Where(c => SessionMetricKey(query, c.Visit).Equals(key)).Select(c => c.Visit).ToList()
            : [];

        // Plausible's rule: with a top-level event:page filter, only visits whose entry page passes it count for bounce rate.
        var topLevelPageFilters = query.Filters.OfType<StatsCondition>().Where(c => c.Dimension.Name == "event:page").ToList();
        var bounceVisits = sessionVisits.Where(v => topLevelPageFilters.All(f => Holds(f, v.EntryPage))).ToList();

        var values = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["visitors"] = visitors,
            ["pageviews"] = (long)hits.Count(h => IsPageview(h.Event)),
            ["events"] = (long)hits.Count(h => h.Event.Name != EventNames.Engagement),
            ["percentage"] = totalVisitors == 0 ? null : (double)RoundHalfUp(visitors * 100, totalVisitors, 10) / 10,
            ["visits"] = (long)counted.Count(c => VisitsKeys(query, c).Contains(key)),
            ["bounce_rate"] = bounceVisits.Count == 0 ? 0L : (long)RoundHalfUp(bounceVisits.Count(v => v.IsBounce) * 100L, bounceVisits.Count, 1),
            ["visit_duration"] = sessionVisits.Count == 0 ? 0L : (long)RoundHalfUp(sessionVisits.Aggregate(BigInteger.Zero, (sum, v) => sum + v.DurationMicroseconds), sessionVisits.Count * 1_000_000L, 1),
            ["views_per_visit"] = sessionVisits.Count == 0 ? 0d : (double)RoundHalfUp(sessionVisits.Sum(v => v.Pageviews), sessionVisits.Count, 100) / 100,
            ["scroll_depth"] = ScrollDepth(hits),
            ["time_on_page"] = TimeOnPage(hits),
        };
        return values;
    }

    /// <summary>
    /// The row's engagement events that carry <paramref name="value"/>, per visit: Plausible aggregates engagement per
    /// session (its <c>session_id</c>), which is our visit.
    /// </summary>
    private static List<List<long>> EngagementPerVisit(List<Hit> hits, Func<AnalyticsEvent, long?> value) =>
    [
        .. hits
            .Where(h => h.Event.Name == EventNames.Engagement && value(h.Event) is not null)
            .GroupBy(h => h.Visit)
            .Select(g => g.Select(h => value(h.Event)!.Value).ToList()),
    ];

    /// <summary>The mean over visits of their deepest scroll, a whole percent; null when no visit reported one.</summary>
    private static long? ScrollDepth(List<Hit> hits)
    {
        var deepest = EngagementPerVisit(hits, e => e.ScrollDepth).Select(v => v.Max()).ToList();
        return deepest.Count == 0 ? null : (long)RoundHalfUp(deepest.Sum(), deepest.Count, 1);
    }

    /// <summary>The engaged milliseconds over the visits that reported some, in whole seconds; null when none did.</summary>
    private static long? TimeOnPage(List<Hit> hits)
    {
        var engaged = EngagementPerVisit(hits, e => e.EngagementTime).Select(v => v.Aggregate(BigInteger.Zero, (sum, ms) => sum + ms)).ToList();
        return engaged.Count == 0 ? null : (long)RoundHalfUp(engaged.Aggregate(BigInteger.Zero, (sum, ms) => sum + ms), engaged.Count * 1000L, 1);
    }

    /// <summary>Distinct visitor ids; events without one are not a visitor.</summary>
    private static long DistinctVisitors(IEnumerable<Hit> hits) => hits.Where(h => h.Event.VisitorId is not null).Select(h => h.Event.VisitorId).Distinct().LongCount();

    /// <summary>The doc's rule on exact integers: <c>(2 × numerator × scale + denominator) div (2 × denominator)</c>.</summary>
    public static BigInteger RoundHalfUp(BigInteger numerator, BigInteger denominator, BigInteger scale) =>
        ((2 * numerator * scale) + denominator) / (2 * denominator);

    // ---- Order ----------------------------------------------------------------------------------------------------

    /// <summary>The query's order_by (or the default), then every dimension ascending.</summary>
    public static IReadOnlyList<StatsOrder> EffectiveOrder(StatsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var order = new List<StatsOrder>(query.OrderBy);
        if (order.Count == 0)
        {
            if (query.Dimensions.FirstOrDefault(d => d.Kind == StatsDimensionKind.Time) is { } time)
            {
                order.Add(new StatsOrder(time.Name, false));
            }

            order.Add(new StatsOrder(query.Metrics[0].Name, true));
        }

        order.AddRange(query.Dimensions.Select(d => new StatsOrder(d.Name, false)));
        return order;
    }

    private static int Compare(StatsQuery query, Row a, Row b)
    {
        foreach (var order in EffectiveOrder(query))
        {
            var dimension = query.Dimensions.ToList().FindIndex(d => d.Name == order.Name);
            var byKey = dimension >= 0
                ? string.CompareOrdinal(a.Key.Cells[dimension].Label, b.Key.Cells[dimension].Label)
                : CompareMetric(order.Name, a, b);
            if (byKey != 0)
            {
                return order.Descending ? -byKey : byKey;
            }
        }

        return 0;
    }

    private static int CompareMetric(string name, Row a, Row b) => name switch
    {
        "percentage" => a.Visitors.CompareTo(b.Visitors),
        // Choice: null (no engagement to average) orders below every value, 0 included.
        _ => (a.Values[name], b.Values[name]) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            var (x, y) => Convert.ToDouble(x, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(y, CultureInfo.InvariantCulture)),
        },
    };
}
