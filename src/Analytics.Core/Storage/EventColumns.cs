using Analytics.Events;

namespace Analytics.Storage;

/// <summary>
/// The events table, column by column, in table order: the one list that every store's writer (COPY, array INSERT,
/// DuckDB's appender), reader and schema check is made from. Adding a column means an entry here and one migration
/// script per store; a store whose table does not match refuses to start (<see cref="SchemaVersionException"/>).
/// </summary>
public static class EventColumns
{
    private const bool Nullable = true;
    private const bool Required = false;

    /// <summary>Every column, in the order the tables hold them.</summary>
    public static IReadOnlyList<EventColumn> All { get; } =
    [
        new EventColumn<Guid>("id", EventColumnType.Uuid, Required, e => e.Id, (e, v) => e with { Id = v }),
        new EventColumn<DateTime>("time", EventColumnType.Timestamp, Required, e => e.Time.UtcDateTime, (e, v) => e with { Time = new DateTimeOffset(v, TimeSpan.Zero) }),
        new EventColumn<string>("page", EventColumnType.Text, Required, e => e.Page, (e, v) => e with { Page = v }),
        new EventColumn<string?>("user_agent", EventColumnType.Text, Nullable, e => e.UserAgent, (e, v) => e with { UserAgent = v }),
        new EventColumn<string?>("ip_address", EventColumnType.Text, Nullable, e => e.IpAddress, (e, v) => e with { IpAddress = v }),
        new EventColumn<string?>("referrer", EventColumnType.Text, Nullable, e => e.Referrer, (e, v) => e with { Referrer = v }),
        new EventColumn<string?>("session_id", EventColumnType.Text, Nullable, e => e.SessionId, (e, v) => e with { SessionId = v }),
        new EventColumn<int?>("duration", EventColumnType.WholeNumber, Nullable, e => e.Duration, (e, v) => e with { Duration = v }),
        new EventColumn<string>("operating_system", EventColumnType.Text, Required, e => e.OperatingSystem, (e, v) => e with { OperatingSystem = v }),
        new EventColumn<string?>("os_version", EventColumnType.Text, Nullable, e => e.OsVersion, (e, v) => e with { OsVersion = v }),
        new EventColumn<string>("browser", EventColumnType.Text, Required, e => e.Browser, (e, v) => e with { Browser = v }),
        new EventColumn<string?>("browser_version", EventColumnType.Text, Nullable, e => e.BrowserVersion, (e, v) => e with { BrowserVersion = v }),
        new EventColumn<string>("device_type", EventColumnType.Text, Required, e => e.DeviceType, (e, v) => e with { DeviceType = v }),
        new EventColumn<bool>("is_bot", EventColumnType.Boolean, Required, e => e.IsBot, (e, v) => e with { IsBot = v }),
        new EventColumn<string?>("hostname", EventColumnType.Text, Nullable, e => e.Hostname, (e, v) => e with { Hostname = v }),
        new EventColumn<string?>("referrer_host", EventColumnType.Text, Nullable, e => e.ReferrerHost, (e, v) => e with { ReferrerHost = v }),
        new EventColumn<string>("referrer_source", EventColumnType.Text, Required, e => e.ReferrerSource, (e, v) => e with { ReferrerSource = v }),
        new EventColumn<string?>("utm_source", EventColumnType.Text, Nullable, e => e.UtmSource, (e, v) => e with { UtmSource = v }),
        new EventColumn<string?>("utm_medium", EventColumnType.Text, Nullable, e => e.UtmMedium, (e, v) => e with { UtmMedium = v }),
        new EventColumn<string?>("utm_campaign", EventColumnType.Text, Nullable, e => e.UtmCampaign, (e, v) => e with { UtmCampaign = v }),
        new EventColumn<string?>("utm_term", EventColumnType.Text, Nullable, e => e.UtmTerm, (e, v) => e with { UtmTerm = v }),
        new EventColumn<string?>("utm_content", EventColumnType.Text, Nullable, e => e.UtmContent, (e, v) => e with { UtmContent = v }),
        new EventColumn<long?>("visitor_id", EventColumnType.LargeWholeNumber, Nullable, e => e.VisitorId, (e, v) => e with { VisitorId = v }),
        new EventColumn<string>("site", EventColumnType.Text, Required, e => e.Site, (e, v) => e with { Site = v ?? "" }),
        new EventColumn<string>("name", EventColumnType.Text, Required, e => e.Name, (e, v) => e with { Name = v ?? EventNames.Pageview }),
        // Properties as two parallel arrays, as Plausible keeps them: both engines look a key up by its position.
        new EventColumn<string[]>("prop_keys", EventColumnType.TextArray, Required, e => e.Props.Count == 0 ? [] : [.. e.Props.Keys], (e, v) => e with { Props = EventPropsDictionary.FromArrays(v, v) }),
        new EventColumn<string[]>("prop_values", EventColumnType.TextArray, Required, e => e.Props.Count == 0 ? [] : [.. e.Props.Values], (e, v) => e with { Props = EventPropsDictionary.FromArrays([.. e.Props.Keys], v) }),
        new EventColumn<bool>("interactive", EventColumnType.Boolean, Required, e => e.Interactive, (e, v) => e with { Interactive = v }),
        new EventColumn<short?>("scroll_depth", EventColumnType.SmallWholeNumber, Nullable, e => e.ScrollDepth, (e, v) => e with { ScrollDepth = v }),
        new EventColumn<long?>("engagement_time", EventColumnType.LargeWholeNumber, Nullable, e => e.EngagementTime, (e, v) => e with { EngagementTime = v }),
    ];

    /// <summary>"id, time, page, ...", in table order, each name after <paramref name="prefix"/>.</summary>
    public static string List(string prefix = "") => string.Join(", ", All.Select(c => prefix + c.Name));

    /// <summary>An event from one stored row: <paramref name="valueAt"/> gives the value of the column at each position of <see cref="All"/>.</summary>
    public static AnalyticsEvent Read(Func<int, object?> valueAt)
    {
        ArgumentNullException.ThrowIfNull(valueAt);
        var e = new AnalyticsEvent { Id = Guid.Empty, Time = default, Page = "", OperatingSystem = "" };
        for (var i = 0; i < All.Count; i++)
        {
            e = All[i].Apply(e, valueAt(i));
        }

        return e;
    }

    /// <summary>
    /// What is wrong with a stored events table whose columns, in table order, are <paramref name="stored"/>: every
    /// column of <see cref="All"/> it lacks and, when <paramref name="orderMatters"/>, the first one out of place.
    /// Null when it matches.
    /// </summary>
    public static string? Mismatch(IReadOnlyList<string> stored, bool orderMatters)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var missing = All.Select(c => c.Name).Where(n => !stored.Contains(n, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            return $"the events table lacks the column(s) {string.Join(", ", missing)}";
        }

        if (orderMatters)
        {
            for (var i = 0; i < All.Count; i++)
            {
                if (!string.Equals(stored[i], All[i].Name, StringComparison.Ordinal))
                {
                    return $"the events table holds {stored[i]} where {All[i].Name} belongs (position {i + 1})";
                }
            }
        }

        return null;
    }
}
