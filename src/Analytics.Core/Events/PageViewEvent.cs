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
}
