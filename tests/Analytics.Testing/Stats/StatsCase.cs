using System.Buffers.Binary;
using System.Text;
using Analytics.Events;
using Analytics.Querying.Stats;
using CsCheck;

namespace Analytics.Testing.Stats;

/// <summary>Events and a stats query over them; the events' sites are the logical ones (<c>a.test</c>), before <see cref="StatsEvents.Relabel"/>.</summary>
public sealed record StatsCase(IReadOnlyList<AnalyticsEvent> Events, StatsQuery Query)
{
    public override string ToString()
    {
        var text = new StringBuilder().AppendLine(StatsAssert.Describe(Query)).AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Events ({Events.Count}):");
        foreach (var e in Events.OrderBy(e => e, Comparer<AnalyticsEvent>.Create(StatsReference.CompareEvents)))
        {
            text.AppendLine("  " + StatsAssert.Describe(e));
        }

        return text.ToString();
    }
}

/// <summary>
/// CsCheck generators of stats cases: a few days of visits on two or three sites around a DST change, in one of five
/// time zones, and a query the HTTP layer would accept (the metric rules of docs/stats-api.md), with filters that use
/// the blank labels.
/// </summary>
public static class StatsCases
{
    public static readonly string[] Sites = ["a.test", "b.test", "c.test"];

    private static readonly string[] Zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe"];

    // Instants near a DST change (Berlin, New York, Lord Howe's half-hour shifts), a month's end, and a plain day.
    private static readonly DateTimeOffset[] Anchors =
    [
        new(2026, 3, 29, 1, 0, 0, TimeSpan.Zero),
        new(2026, 10, 25, 1, 0, 0, TimeSpan.Zero),
        new(2026, 3, 8, 7, 0, 0, TimeSpan.Zero),
        new(2026, 11, 1, 6, 0, 0, TimeSpan.Zero),
        new(2026, 4, 4, 15, 0, 0, TimeSpan.Zero),
        new(2026, 10, 3, 15, 30, 0, TimeSpan.Zero),
        new(2026, 6, 30, 20, 0, 0, TimeSpan.Zero),
        new(2026, 5, 13, 12, 0, 0, TimeSpan.Zero),
    ];

    // Referrer, its host, its class; index 5 is the site itself, 6 a blank one sent as empty strings.
    private static readonly (string? Referrer, string? Host, string Source)[] Referrers =
    [
        (null, null, "direct"),
        ("https://www.google.com/search", "google.com", "search"),
        ("https://facebook.com/", "facebook.com", "social"),
        ("https://mail.example/inbox", "mail.example", "email"),
        ("https://news.example/story", "news.example", "referral"),
        ("https://SITE/previous", "SITE", "direct"),
        ("", "", "direct"),
    ];

    private static readonly string[] Pages = ["/", "/a", "/blog/x", "/Blog/Y", "/a_b", "/50%off"];

    private static readonly string[] PropKeys = ["plan", "color", "Kind"];

    private static readonly StatsDimension[] GroupDimensions = Dimensions(
        "event:page", "event:name", "event:props:plan", "event:props:Kind", "event:hostname", "visit:source", "visit:channel",
        "visit:entry_page", "visit:exit_page", "visit:device", "visit:browser", "visit:utm_source", "visit:utm_medium", "visit:referrer",
        "visit:os", "time:hour", "time:day", "time:week", "time:month", "time:minute");

    private static readonly StatsDimension[] FilterDimensions = Dimensions(
        "event:page", "event:name", "event:props:plan", "event:props:Kind", "event:hostname", "visit:source", "visit:channel",
        "visit:entry_page", "visit:exit_page", "visit:device", "visit:browser", "visit:utm_source", "visit:utm_medium", "visit:referrer",
        "visit:os");

    private static readonly string[] Substrings = ["blog", "B", "_", "%", "(not", "Dir", "oo", "Pa", "/", "set)", "Search", "e", "/a"];

    private static readonly string[] Patterns = ["^/blog", "^/$", "o+", "^(Chrome|Safari)$", "\\(not set\\)", "^Direct", "[A-Z]", "^$", "a.b", "Search$", "^/[ab]"];

    private sealed record Attributes(int Referrer, string? UtmSource, string? UtmMedium, string? UtmCampaign, string? UtmContent, string DeviceType, string Browser, string? BrowserVersion, string OperatingSystem, string? OsVersion);

    private sealed record EventSpec(int GapMilliseconds, int Kind, string CustomName, bool Interactive, string Page, string? Hostname, (string Key, string Value)[] Props, Attributes? Own, bool Bot, ulong Random, short? ScrollDepth, long? EngagementTime);

    private sealed record SessionSpec(int Site, long? Visitor, bool HasSessionId, int StartPerMille, Attributes Attributes, bool Bot, EventSpec[] Events);

    private static readonly Gen<Attributes> AttributesGen =
        from referrer in Gen.Frequency((4, 0), (2, 1), (1, 2), (1, 3), (2, 4), (1, 5), (1, 6))
        from utmSource in Gen.Frequency((6, (string?)null), (1, ""), (1, "newsletter"), (1, "Google"))
        from utmMedium in Gen.Frequency((6, (string?)null), (1, ""), (1, "cpc"), (1, "CPC"), (1, "email"), (1, "paid_social"), (1, "Retargeting"), (1, "social"))
        from utmCampaign in Gen.OneOf<string?>(null, null, "", "spring")
        from utmContent in Gen.OneOf<string?>(null, null, "banner")
        from device in Gen.OneOf("desktop", "desktop", "mobile", "tablet", "tv", "console", "other", "")
        from browser in Gen.OneOf("Chrome", "Chrome", "Safari", "Firefox", "Other", "")
        from browserVersion in Gen.OneOf<string?>("131", "17", null)
        from os in Gen.OneOf("Windows", "macOS", "iOS", "Android", "Other", "")
        from osVersion in Gen.OneOf<string?>("10", "17.1", null)
        select new Attributes(referrer, utmSource, utmMedium, utmCampaign, utmContent, device, browser, browserVersion, os, osVersion);

    private static readonly Gen<EventSpec> EventGen =
        from gap in Gen.Frequency((3, Gen.Int[0, 120_000]), (2, Gen.Int[0, 3_600_000]), (1, Gen.Const(0)))
        from kind in Gen.Frequency((6, 0), (3, 1), (2, 2)) // page view, custom event, engagement
        from name in Gen.OneOf("signup", "Purchase", "click", "Signup")
        from interactive in Gen.Frequency((3, true), (1, false))
        from page in Gen.OneOf(Pages)
        from hostname in Gen.OneOf<string?>("example.test", "example.test", "shop.example.test", null, "")
        from props in Gen.Select(Gen.OneOf(PropKeys), Gen.OneOf("free", "Pro", "", "pro plan")).Array[0, 3]
        from own in Gen.Frequency((4, Gen.Const((Attributes?)null)), (1, AttributesGen.Select(a => (Attributes?)a)))
        from bot in Gen.Frequency((30, false), (1, true))
        from random in Gen.ULong
        // What Plausible's tracker sends on engagement events (both, or one of them): the stores keep them on those only.
        from scrollDepth in Gen.Frequency((1, Gen.Const((short?)null)), (1, Gen.Const((short?)0)), (1, Gen.Const((short?)100)), (5, Gen.Short[0, 100].Select(v => (short?)v)))
        from engagementTime in Gen.Frequency((1, Gen.Const((long?)null)), (1, Gen.Const((long?)0)), (1, Gen.Long[0, 2_000].Select(v => (long?)v)), (5, Gen.Long[0, 900_000].Select(v => (long?)v)))
        select new EventSpec(gap, kind, name, interactive, page, hostname, props, own, bot, random, scrollDepth, engagementTime);

    private static readonly Gen<SessionSpec> SessionGen =
        from site in Gen.Frequency((6, 0), (2, 1), (1, 2))
        from visitor in Gen.Frequency((12, Gen.Long[1, 10].Select(v => (long?)v)), (1, Gen.Const((long?)null)))
        from hasSessionId in Gen.Frequency((10, true), (1, false))
        from start in Gen.Frequency((1, Gen.Int[-200, -1]), (8, Gen.Int[0, 1000]), (1, Gen.Int[1001, 1100])) // per mille of the range
        from attributes in AttributesGen
        from bot in Gen.Frequency((9, false), (1, true))
        from events in EventGen.Array[1, 8]
        select new SessionSpec(site, visitor, hasSessionId, start, attributes, bot, events);

    private static readonly Gen<StatsFilter> LeafGen =
        from dimension in Gen.OneOf(FilterDimensions)
        from op in Gen.OneOf(Enum.GetValues<StatsFilterOperator>())
        from count in Gen.Frequency((3, 1), (1, 2))
        from values in (op switch
        {
            StatsFilterOperator.Contains or StatsFilterOperator.ContainsNot => Gen.OneOf(Substrings),
            StatsFilterOperator.Matches or StatsFilterOperator.MatchesNot => Gen.OneOf(Patterns),
            _ => Gen.OneOf(ValuesOf(dimension)),
        }).Array[count]
        from caseSensitive in op is StatsFilterOperator.Matches or StatsFilterOperator.MatchesNot ? Gen.Const(true) : Gen.Frequency((3, true), (1, false))
        select (StatsFilter)new StatsCondition(op, dimension, values, caseSensitive);

    private static readonly Gen<StatsFilter> FilterGen = Gen.Frequency(
        (6, LeafGen),
        (1, LeafGen.Array[2].Select(f => (StatsFilter)new StatsAnd(f))),
        (2, LeafGen.Array[2].Select(f => (StatsFilter)new StatsOr(f))),
        (1, LeafGen.Select(f => (StatsFilter)new StatsNot(f))));

    private static readonly Gen<(DateTimeOffset From, DateTimeOffset To, string Zone)> RangeGen =
        from anchor in Gen.OneOf(Anchors)
        from zone in Gen.OneOf(Zones)
        from startMinutes in Gen.Int[-40 * 60, 12 * 60]
        from lengthMinutes in Gen.Frequency((2, Gen.Int[60, 48 * 60]), (3, Gen.Int[2 * 24 * 60, 6 * 24 * 60]))
        let first = anchor.AddMinutes(startMinutes)
        select (first, first.AddMinutes(lengthMinutes), zone);

    private static readonly Gen<(IReadOnlyList<StatsDimension> Dimensions, IReadOnlyList<StatsFilter> Filters)> ShapeGen =
        from dimensions in Gen.OneOf(GroupDimensions).Array[Gen.Frequency((3, 0), (4, 1), (2, 2))]
        from filters in FilterGen.Array[Gen.Frequency((3, 0), (3, 1), (1, 2))]
        select ((IReadOnlyList<StatsDimension>)[.. dimensions.Distinct()], (IReadOnlyList<StatsFilter>)filters);

    /// <summary>Cases of events and an accepted query over the first site.</summary>
    public static Gen<StatsCase> Cases { get; } =
        from range in RangeGen
        from sessions in SessionGen.Array[2, 14]
        from shape in ShapeGen
        from metricMask in Gen.Int[1, 1023]
        from orderPicks in Gen.Select(Gen.Int[0, 100], Gen.Bool).Array[Gen.Frequency((3, 0), (2, 1), (1, 2))]
        from paging in Gen.Frequency((4, Gen.Const((10_000, 0))), (1, Gen.Select(Gen.Int[1, 4], Gen.Int[0, 3])))
        select Build(range, sessions, shape.Dimensions, shape.Filters, metricMask, orderPicks, paging);

    private static readonly StatsCondition[] PageFilters =
    [
        new(StatsFilterOperator.Is, StatsDimension.Find("event:page")!, ["/blog/x", "/a"]),
        new(StatsFilterOperator.Contains, StatsDimension.Find("event:page")!, ["/"]),
        new(StatsFilterOperator.Contains, StatsDimension.Find("event:page")!, ["blog"], CaseSensitive: false),
        new(StatsFilterOperator.IsNot, StatsDimension.Find("event:page")!, ["/"]),
        new(StatsFilterOperator.Matches, StatsDimension.Find("event:page")!, ["^/[ab]"]),
    ];

    /// <summary>
    /// Cases that ask for scroll_depth and time_on_page, which the HTTP layer allows only with the page: the case's query
    /// grouped by event:page too, or with a top-level event:page filter added, and its other metrics that still fit.
    /// </summary>
    public static Gen<StatsCase> EngagementCases { get; } =
        from c in Cases
        from byPage in Gen.Bool
        from pageFilter in Gen.OneOf(PageFilters)
        from engagementFirst in Gen.Bool
        select WithEngagementMetrics(c, byPage, pageFilter, engagementFirst);

    private static StatsCase WithEngagementMetrics(StatsCase c, bool byPage, StatsCondition pageFilter, bool engagementFirst)
    {
        var page = StatsDimension.Find("event:page")!;
        var query = c.Query;
        IReadOnlyList<StatsDimension> dimensions = byPage ? [.. query.Dimensions.Where(d => d.Name != page.Name).Take(1).Prepend(page)] : query.Dimensions;
        IReadOnlyList<StatsFilter> filters = byPage ? query.Filters : [pageFilter, .. query.Filters];
        var allowed = AllowedMetrics(dimensions, filters);
        var others = query.Metrics.Where(allowed.Contains).Where(m => !m.IsEngagementMetric).ToList();
        List<StatsMetric> engagement = [StatsMetric.ScrollDepth, StatsMetric.TimeOnPage];
        List<StatsMetric> metrics = engagementFirst ? [.. engagement, .. others] : [.. others, .. engagement];
        var names = metrics.Select(m => m.Name).Concat(dimensions.Select(d => d.Name)).ToHashSet(StringComparer.Ordinal);
        return c with
        {
            Query = query with { Dimensions = dimensions, Filters = filters, Metrics = metrics, OrderBy = [.. query.OrderBy.Where(o => names.Contains(o.Name))] },
        };
    }

    private static StatsCase Build(
        (DateTimeOffset From, DateTimeOffset To, string Zone) range,
        SessionSpec[] sessions,
        IReadOnlyList<StatsDimension> dimensions,
        IReadOnlyList<StatsFilter> filters,
        int metricMask,
        (int Pick, bool Descending)[] orderPicks,
        (int Limit, int Offset) paging)
    {
        var events = new List<AnalyticsEvent>();
        var sessionsPerSite = new int[Sites.Length];
        foreach (var session in sessions)
        {
            var site = Sites[session.Site];
            var sessionId = session.HasSessionId ? $"s{sessionsPerSite[session.Site]++}" : null; // the same ids on every site
            var time = range.From.AddMilliseconds(Math.Round((range.To - range.From).TotalMilliseconds * session.StartPerMille / 1000));
            var end = time.AddHours(6);
            foreach (var spec in session.Events)
            {
                time = Min(time.AddMilliseconds(spec.GapMilliseconds), end);
                events.Add(Event(site, sessionId, session, spec, time, events.Count));
            }
        }

        var allowed = AllowedMetrics(dimensions, filters);
        var metrics = allowed.Where((_, i) => (metricMask & (1 << i)) != 0).ToList();
        if (metrics.Count == 0)
        {
            metrics.Add(allowed[metricMask % allowed.Count]);
        }

        var names = metrics.Select(m => m.Name).Concat(dimensions.Select(d => d.Name)).ToList();
        var order = orderPicks.Select(p => new StatsOrder(names[p.Pick % names.Count], p.Descending)).DistinctBy(o => o.Name).ToList();
        return new StatsCase(events, new StatsQuery
        {
            Site = Sites[0],
            From = range.From,
            To = range.To,
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById(range.Zone),
            Metrics = metrics,
            Dimensions = dimensions,
            Filters = filters,
            OrderBy = order,
            Limit = paging.Limit,
            Offset = paging.Offset,
        });
    }

    /// <summary>
    /// The HTTP layer's rules: views_per_visit only without dimensions and without an event:page filter; bounce rate
    /// and visit duration only with visit or time dimensions, event:page or event:hostname; scroll_depth only with an
    /// event:page dimension or top-level filter, time_on_page with an event:page dimension or filter at any depth.
    /// </summary>
    public static IReadOnlyList<StatsMetric> AllowedMetrics(IReadOnlyList<StatsDimension> dimensions, IReadOnlyList<StatsFilter> filters)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(filters);
        var sessionMetricsGroupable = dimensions.All(d => d.Kind != StatsDimensionKind.Event || d.Name is "event:page" or "event:hostname");
        var pageFiltered = StatsReference.Conditions(filters).Any(c => c.Dimension.Name == "event:page");
        var byPage = dimensions.Any(d => d.Name == "event:page");
        return
        [
            .. StatsMetric.All.Where(m => m switch
            {
                _ when m == StatsMetric.ViewsPerVisit => dimensions.Count == 0 && !pageFiltered,
                _ when m == StatsMetric.ScrollDepth => byPage || filters.OfType<StatsCondition>().Any(c => c.Dimension.Name == "event:page"),
                _ when m == StatsMetric.TimeOnPage => byPage || pageFiltered,
                _ when m.IsSessionOnly => sessionMetricsGroupable,
                _ => true,
            }),
        ];
    }

    private static AnalyticsEvent Event(string site, string? sessionId, SessionSpec session, EventSpec spec, DateTimeOffset time, int index)
    {
        var attributes = spec.Own ?? session.Attributes;
        var (referrer, referrerHost, source) = Referrers[attributes.Referrer];
        var props = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in spec.Props)
        {
            props.TryAdd(key, value);
        }

        return new AnalyticsEvent
        {
            Id = IdAt(time, spec.Random, index),
            Site = site,
            Name = spec.Kind switch { 0 => EventNames.Pageview, 1 => spec.CustomName, _ => EventNames.Engagement },
            Props = props,
            Interactive = spec.Kind switch { 0 => true, 1 => spec.Interactive, _ => !spec.Interactive }, // engagement: mostly not
            ScrollDepth = spec.Kind == 2 ? spec.ScrollDepth : null,
            EngagementTime = spec.Kind == 2 ? spec.EngagementTime : null,
            Time = time,
            Page = spec.Page,
            Hostname = spec.Hostname,
            Referrer = referrer?.Replace("SITE", site, StringComparison.Ordinal),
            ReferrerHost = referrerHost?.Replace("SITE", site, StringComparison.Ordinal),
            ReferrerSource = source,
            SessionId = sessionId,
            VisitorId = session.Visitor,
            IsBot = session.Bot || spec.Bot,
            UtmSource = attributes.UtmSource,
            UtmMedium = attributes.UtmMedium,
            UtmCampaign = attributes.UtmCampaign,
            UtmContent = attributes.UtmContent,
            DeviceType = attributes.DeviceType,
            Browser = attributes.Browser,
            BrowserVersion = attributes.BrowserVersion,
            OperatingSystem = attributes.OperatingSystem,
            OsVersion = attributes.OsVersion,
        };
    }

    /// <summary>
    /// A UUIDv7 of <paramref name="time"/> whose "random" bits come from the generator (so that a seed replays the same
    /// ids, and events of the same millisecond order by them), made unique by the event's <paramref name="index"/>.
    /// </summary>
    private static Guid IdAt(DateTimeOffset time, ulong random, int index)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, time.ToUnixTimeMilliseconds() << 16);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], random);
        bytes[6] = (byte)(0x70 | (byte)(random & 0x0F));
        bytes[7] = (byte)(random >> 4);
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        BinaryPrimitives.WriteInt32BigEndian(bytes[12..], index);
        return new Guid(bytes, bigEndian: true);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static StatsDimension[] Dimensions(params string[] names) => [.. names.Select(n => StatsDimension.Find(n)!)];

    private static string[] ValuesOf(StatsDimension dimension) => dimension.Name switch
    {
        "event:page" or "visit:entry_page" or "visit:exit_page" => [.. Pages, "/blog/X", "/nowhere", ""],
        "event:name" => ["pageview", "signup", "Signup", "engagement", "click"],
        "event:hostname" => ["example.test", "shop.example.test", "EXAMPLE.test", ""],
        "visit:source" => [StatsReference.DirectNone, "direct / none", "google.com", "newsletter", "Google", "news.example"],
        "visit:channel" => ["Direct", "Organic Search", "Paid Search", "Referral", "Email", "Organic Social", "Paid Other", "Paid Social", "direct"],
        "visit:device" => ["Desktop", "Mobile", "Tablet", StatsReference.NotSet, "desktop"],
        "visit:browser" => ["Chrome", "Safari", StatsReference.NotSet, "chrome", "Other"],
        "visit:utm_source" => [StatsReference.NotSet, "newsletter", "Google", "(NOT SET)"],
        "visit:utm_medium" => [StatsReference.NotSet, "cpc", "email", "Paid_social"],
        "visit:referrer" => [StatsReference.DirectNone, "https://www.google.com/search", "https://facebook.com/"],
        "visit:os" => ["Windows", "macOS", StatsReference.NotSet, "Other"],
        _ when dimension.PropKey is not null => ["free", "Pro", "pro", StatsReference.NoProp, "pro plan", ""],
        _ => [""],
    };
}
