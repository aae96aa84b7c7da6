namespace Analytics.Ingestion.Umami;

/// <summary>One item of Umami's collect API (<c>{type, payload}</c>) as read and checked.</summary>
internal sealed record UmamiEvent
{
    /// <summary>What the item is: <see cref="UmamiEventReader.EventType"/> or <see cref="UmamiEventReader.IdentifyType"/>.</summary>
    public required string Type { get; init; }

    /// <summary>The Umami website the item belongs to, which <see cref="SiteOptions.UmamiWebsiteId"/> maps to a site.</summary>
    public required Guid WebsiteId { get; init; }

    /// <summary>The page's address or path; null when the client sent none (a server-side custom event).</summary>
    public string? Url { get; init; }

    /// <summary>The site's host as the tracker saw it, used to complete a path.</summary>
    public string? Hostname { get; init; }

    /// <summary>The referring address.</summary>
    public string? Referrer { get; init; }

    /// <summary>A custom event's name; null for a page view.</summary>
    public string? Name { get; init; }

    /// <summary>A custom event's data (and its <c>tag</c>), as properties.</summary>
    public IReadOnlyDictionary<string, string>? Props { get; init; }

    /// <summary>When the event happened, for a backfill (Umami's <c>timestamp</c>, seconds since 1970).</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The client's user agent, when a server-side sender passes it on.</summary>
    public string? UserAgent { get; init; }
}
