namespace Analytics.Events;

/// <summary>
/// A page view as a client sent it, already checked for types and bounds.
/// Server-side fields (<c>id</c>, <c>operating_system</c>, ...) are not part of it, so a client cannot set them.
/// </summary>
public sealed record PageViewInput
{
    /// <summary>The page path (or URL) that was viewed. Required.</summary>
    public required string Page { get; init; }

    /// <summary>The user agent; when absent the request's <c>User-Agent</c> header is used.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The client IP; when absent the request's remote address is used.</summary>
    public string? IpAddress { get; init; }

    /// <summary>The referring URL or host.</summary>
    public string? Referrer { get; init; }

    /// <summary>The client's session identifier.</summary>
    public string? SessionId { get; init; }

    /// <summary>Seconds spent on the page.</summary>
    public int? Duration { get; init; }

    /// <summary>When the view happened, for backfill; when absent the time of arrival is used.</summary>
    public DateTimeOffset? Timestamp { get; init; }
}
