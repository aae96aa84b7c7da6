using Analytics.Events;

namespace Analytics.Testing.Stats;

/// <summary>Events for stats tests: a plain desktop Chrome visitor from nowhere, which each test changes with <c>with</c>.</summary>
public static class StatsEvents
{
    public const string Site = "example.test";

    public static AnalyticsEvent Pageview(DateTimeOffset time, string page = "/", string? session = "s1", long? visitor = 1) => new()
    {
        Id = Guid.CreateVersion7(time),
        Site = Site,
        Name = EventNames.Pageview,
        Time = time,
        Page = page,
        Hostname = Site,
        SessionId = session,
        VisitorId = visitor,
        OperatingSystem = "Windows",
        OsVersion = "10",
        Browser = "Chrome",
        BrowserVersion = "131",
        DeviceType = "desktop",
        ReferrerSource = "direct",
    };

    public static AnalyticsEvent Custom(DateTimeOffset time, string name, bool interactive = true, string page = "/", string? session = "s1", long? visitor = 1) =>
        Pageview(time, page, session, visitor) with { Name = name, Interactive = interactive };

    /// <summary>An engagement event as Plausible's tracker sends it when a page is left: never interactive.</summary>
    public static AnalyticsEvent Engagement(DateTimeOffset time, string page, short? scrollDepth, long? engagementTime, string? session = "s1", long? visitor = 1) =>
        Custom(time, EventNames.Engagement, interactive: false, page, session, visitor) with { ScrollDepth = scrollDepth, EngagementTime = engagementTime };

    public static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    /// <summary>
    /// A copy of <paramref name="events"/> that no other case's events collide with in a shared store: each site is
    /// prefixed with <c>n{nonce}-</c> (a referrer from the site itself follows it), and each id is made anew from its
    /// millisecond, its rank among the events' ids and <paramref name="nonce"/>, so that the new ids order as the old ones.
    /// </summary>
    public static IReadOnlyList<AnalyticsEvent> Relabel(IReadOnlyList<AnalyticsEvent> events, int nonce)
    {
        ArgumentNullException.ThrowIfNull(events);
        var ranks = events.Select(e => e.Id.ToString("D")).Distinct().Order(StringComparer.Ordinal)
            .Select((id, rank) => (id, rank)).ToDictionary(p => p.id, p => p.rank, StringComparer.Ordinal);
        return [.. events.Select(e => e with
        {
            Id = Renumbered(e.Id, ranks[e.Id.ToString("D")], nonce),
            Site = RelabelSite(e.Site, nonce),
            ReferrerHost = e.ReferrerHost == e.Site ? RelabelSite(e.Site, nonce) : e.ReferrerHost,
        })];
    }

    public static string RelabelSite(string site, int nonce) => $"n{nonce}-{site}";

    /// <summary>A UUIDv7 with the millisecond of <paramref name="id"/>, then <paramref name="rank"/>, then <paramref name="nonce"/>.</summary>
    private static Guid Renumbered(Guid id, int rank, int nonce)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        bytes[6] = 0x70;
        bytes[7] = 0;
        bytes[8] = 0x80;
        bytes[9] = 0;
        System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(bytes[10..], checked((short)rank));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes[12..], nonce);
        return new Guid(bytes, bigEndian: true);
    }
}
