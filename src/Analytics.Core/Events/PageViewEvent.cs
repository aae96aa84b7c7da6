using System.Text.Json.Serialization;

namespace Analytics.Events;

/// <summary>A stored page view: what the client sent plus what the server derived when it arrived.</summary>
/// <remarks>Property names in JSON are the seed service's snake_case contract.</remarks>
public sealed record PageViewEvent
{
    /// <summary>The event's identifier, a UUIDv7 assigned by the server.</summary>
    [JsonPropertyName("id")]
    public required Guid Id { get; init; }

    /// <summary>When the page view happened, as a UTC instant.</summary>
    [JsonPropertyName("time")]
    public required DateTimeOffset Time { get; init; }

    /// <summary>The page path (or URL) that was viewed.</summary>
    [JsonPropertyName("page")]
    public required string Page { get; init; }

    /// <summary>The client's user agent string.</summary>
    [JsonPropertyName("user_agent")]
    public string? UserAgent { get; init; }

    /// <summary>The client's IP address.</summary>
    [JsonPropertyName("ip_address")]
    public string? IpAddress { get; init; }

    /// <summary>The referring URL or host.</summary>
    [JsonPropertyName("referrer")]
    public string? Referrer { get; init; }

    /// <summary>The client's session identifier.</summary>
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
}
