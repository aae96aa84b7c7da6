using System.Text.Json.Serialization;

namespace Analytics.Events;

/// <summary>
/// A stored event, a page view or a custom event (<see cref="Name"/>): what the client sent plus what the server
/// derived when it arrived.
/// </summary>
/// <remarks>Property names in JSON are the seed service's snake_case contract.</remarks>
public sealed record AnalyticsEvent
{
    /// <summary>The event's identifier, a UUIDv7 assigned by the server.</summary>
    [JsonPropertyName("id")]
    public required Guid Id { get; init; }

    /// <summary>
    /// True when the server assigned <see cref="Id"/> as the event arrived: no earlier copy of the event can be stored,
    /// so a store may skip the look-up that makes client ids idempotent (the id is still recorded, so that a client
    /// that sends it back later is de-duplicated). Not stored, not serialized; false on events read from a store.
    /// </summary>
    [JsonIgnore]
    public bool IdAssignedByServer { get; init; }

    /// <summary>
    /// The site the event belongs to: its domain, lowercase, without <c>www.</c>. From the client's <c>site</c>, else
    /// the page URL's host, else the request's <c>Origin</c>, else <see cref="AnalyticsOptions.DefaultSite"/>.
    /// </summary>
    [JsonPropertyName("site")]
    public string Site { get; init; } = "";

    /// <summary>What happened: <see cref="EventNames.Pageview"/> for a page view, else the custom event's name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = EventNames.Pageview;

    /// <summary>The event's custom properties, text keys to text values, in the order the client sent them.</summary>
    [JsonPropertyName("props")]
    public IReadOnlyDictionary<string, string> Props { get; init; } = EventPropsDictionary.Empty;

    /// <summary>
    /// Whether the event shows the visitor acting on the page. A visit with a second interactive event is not a bounce;
    /// an event sent with <c>interactive: false</c> leaves the bounce as it is.
    /// </summary>
    [JsonPropertyName("interactive")]
    public bool Interactive { get; init; } = true;

    /// <summary>When the event happened, as a UTC instant.</summary>
    [JsonPropertyName("time")]
    public required DateTimeOffset Time { get; init; }

    /// <summary>
    /// The page that was viewed: its path when the client sent a full URL (whose host goes to <see cref="Hostname"/>),
    /// without the query string and fragment unless <see cref="AnalyticsOptions.KeepPageQuery"/> and
    /// <see cref="AnalyticsOptions.KeepPageFragment"/> say otherwise.
    /// </summary>
    [JsonPropertyName("page")]
    public required string Page { get; init; }

    /// <summary>The site's host (lowercase, without <c>www.</c> or port): from the page URL, else the request's <c>Origin</c>.</summary>
    [JsonPropertyName("hostname")]
    public string? Hostname { get; init; }

    /// <summary>The client's user agent string.</summary>
    [JsonPropertyName("user_agent")]
    public string? UserAgent { get; init; }

    /// <summary>The client's IP address.</summary>
    [JsonPropertyName("ip_address")]
    public string? IpAddress { get; init; }

    /// <summary>The referring URL or host.</summary>
    [JsonPropertyName("referrer")]
    public string? Referrer { get; init; }

    /// <summary>
    /// The session: the client's own identifier when it sent one, else derived at ingestion (the same visitor with
    /// less than 30 minutes between page views is one session).
    /// </summary>
    [JsonPropertyName("session_id")]
    public string? SessionId { get; init; }

    /// <summary>Seconds spent on the page; absent when the client did not say.</summary>
    [JsonPropertyName("duration")]
    public int? Duration { get; init; }

    /// <summary>Operating-system family derived from <see cref="UserAgent"/> at ingestion.</summary>
    [JsonPropertyName("operating_system")]
    public required string OperatingSystem { get; init; }

    /// <summary>Operating-system version derived at ingestion ("10", "17.1"), when the user agent says.</summary>
    [JsonPropertyName("os_version")]
    public string? OsVersion { get; init; }

    /// <summary>Browser family derived at ingestion (<see cref="Enrichment.Browsers"/>).</summary>
    [JsonPropertyName("browser")]
    public string Browser { get; init; } = Enrichment.Browsers.Other;

    /// <summary>Browser major version derived at ingestion ("131"), when the user agent says.</summary>
    [JsonPropertyName("browser_version")]
    public string? BrowserVersion { get; init; }

    /// <summary>Device type derived at ingestion (<see cref="Enrichment.DeviceTypes"/>).</summary>
    [JsonPropertyName("device_type")]
    public string DeviceType { get; init; } = Enrichment.DeviceTypes.Other;

    /// <summary>Whether the user agent is a crawler, monitor, headless browser or HTTP library. Bots are stored,
    /// and left out of aggregates unless asked for.</summary>
    [JsonPropertyName("is_bot")]
    public bool IsBot { get; init; }

    /// <summary>The referrer's host: no scheme, no <c>www.</c>, no port, no path.</summary>
    [JsonPropertyName("referrer_host")]
    public string? ReferrerHost { get; init; }

    /// <summary>
    /// Where the visit came from (<see cref="Enrichment.TrafficSources"/>): direct, search, social, email or referral;
    /// "unknown" for events stored before sources were derived.
    /// </summary>
    [JsonPropertyName("referrer_source")]
    public string ReferrerSource { get; init; } = Enrichment.TrafficSources.Direct;

    /// <summary>The <c>utm_source</c> parameter of the page URL.</summary>
    [JsonPropertyName("utm_source")]
    public string? UtmSource { get; init; }

    /// <summary>The <c>utm_medium</c> parameter of the page URL.</summary>
    [JsonPropertyName("utm_medium")]
    public string? UtmMedium { get; init; }

    /// <summary>The <c>utm_campaign</c> parameter of the page URL.</summary>
    [JsonPropertyName("utm_campaign")]
    public string? UtmCampaign { get; init; }

    /// <summary>The <c>utm_term</c> parameter of the page URL.</summary>
    [JsonPropertyName("utm_term")]
    public string? UtmTerm { get; init; }

    /// <summary>The <c>utm_content</c> parameter of the page URL.</summary>
    [JsonPropertyName("utm_content")]
    public string? UtmContent { get; init; }

    /// <summary>
    /// The cookieless visitor: a keyed hash of the day's salt, the site's host, the client's full IP address and its
    /// user agent (<see cref="Enrichment.VisitorHasher"/>). The same person is a new visitor the next day, and once the
    /// salt is deleted no one can recompute it. Shown as 16 hex digits.
    /// </summary>
    [JsonPropertyName("visitor_id")]
    [JsonConverter(typeof(HexInt64JsonConverter))]
    public long? VisitorId { get; init; }

    /// <summary>
    /// How far down the page the visitor scrolled, in percent (0 to 100): set on <see cref="EventNames.Engagement"/>
    /// events only (Plausible's <c>sd</c>), null on every other event.
    /// </summary>
    [JsonPropertyName("scroll_depth")]
    public short? ScrollDepth { get; init; }

    /// <summary>
    /// Milliseconds the page was visible and active since the previous engagement event: set on
    /// <see cref="EventNames.Engagement"/> events only (Plausible's <c>e</c>), null on every other event.
    /// </summary>
    [JsonPropertyName("engagement_time")]
    public long? EngagementTime { get; init; }
}
