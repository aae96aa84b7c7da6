using System.Text.Json.Serialization;

namespace Analytics.Events;

/// <summary>
/// An event as a client sent it, already checked for types and bounds.
/// Server-side fields (<c>time</c>, <c>operating_system</c>, ...) are not part of it, so a client cannot set them.
/// </summary>
public sealed record EventInput
{
    /// <summary>
    /// The client's own id for the event, so that a retried request is stored once. When absent the server
    /// assigns a UUIDv7.
    /// </summary>
    [JsonPropertyName("id")]
    public Guid? Id { get; init; }

    /// <summary>The site (its domain); when absent it comes from the page URL, the request's Origin or the default site.</summary>
    [JsonPropertyName("site")]
    public string? Site { get; init; }

    /// <summary>The event's name; absent means <see cref="EventNames.Pageview"/>.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Custom properties, already turned into text.</summary>
    [JsonPropertyName("props")]
    public IReadOnlyDictionary<string, string>? Props { get; init; }

    /// <summary>Whether the event counts as interaction for the bounce rate; absent means true.</summary>
    [JsonPropertyName("interactive")]
    public bool? Interactive { get; init; }

    /// <summary>The page path (or URL) that was viewed. Required.</summary>
    [JsonPropertyName("page")]
    public required string Page { get; init; }

    /// <summary>The user agent; when absent the request's <c>User-Agent</c> header is used.</summary>
    [JsonPropertyName("user_agent")]
    public string? UserAgent { get; init; }

    /// <summary>The client IP; when absent the request's remote address is used.</summary>
    [JsonPropertyName("ip_address")]
    public string? IpAddress { get; init; }

    /// <summary><see cref="IpAddress"/> as the reader parsed it, so the event factory need not parse it again.</summary>
    [JsonIgnore]
    internal System.Net.IPAddress? ParsedIpAddress { get; init; }

    /// <summary>The referring URL or host.</summary>
    [JsonPropertyName("referrer")]
    public string? Referrer { get; init; }

    /// <summary>The client's session identifier.</summary>
    [JsonPropertyName("session_id")]
    public string? SessionId { get; init; }

    /// <summary>Seconds spent on the page.</summary>
    [JsonPropertyName("duration")]
    public int? Duration { get; init; }

    /// <summary>When the view happened, for backfill; when absent the time of arrival is used.</summary>
    [JsonPropertyName("timestamp")]
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Keep the page URL's fragment in the page, for sites that route by it (Plausible's hash mode, <c>h</c>).</summary>
    [JsonIgnore]
    internal bool HashMode { get; init; }

    /// <summary>Scroll depth in percent, for an <see cref="EventNames.Engagement"/> event (Plausible's <c>sd</c>).</summary>
    [JsonIgnore]
    internal short? ScrollDepth { get; init; }

    /// <summary>Engaged milliseconds, for an <see cref="EventNames.Engagement"/> event (Plausible's <c>e</c>).</summary>
    [JsonIgnore]
    internal long? EngagementTime { get; init; }
}
