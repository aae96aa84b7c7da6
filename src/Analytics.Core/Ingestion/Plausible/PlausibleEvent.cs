using Analytics.Events;

namespace Analytics.Ingestion.Plausible;

/// <summary>
/// One request of Plausible's Events API (<c>POST /api/event</c>) as read and checked: the event to store once for
/// each of <see cref="Sites"/>.
/// </summary>
internal sealed record PlausibleEvent
{
    /// <summary>The event's name: <see cref="EventNames.Pageview"/>, <see cref="EventNames.Engagement"/> or a custom one.</summary>
    public required string Name { get; init; }

    /// <summary>The page's address, as sent.</summary>
    public required string Url { get; init; }

    /// <summary>The sites (normalized domains) the event is stored for, at least one, each once.</summary>
    public required IReadOnlyList<string> Sites { get; init; }

    /// <summary>The referrer, cut to <see cref="EventLimits.MaxReferrerLength"/> as Plausible cuts it.</summary>
    public string? Referrer { get; init; }

    /// <summary>Custom properties, with the revenue's amount and currency among them.</summary>
    public IReadOnlyDictionary<string, string>? Props { get; init; }

    /// <summary>Whether the event clears a bounce; absent means true.</summary>
    public bool? Interactive { get; init; }

    /// <summary>Keep the URL's fragment in the page.</summary>
    public bool HashMode { get; init; }

    /// <summary>Scroll depth in percent, on an engagement event.</summary>
    public short? ScrollDepth { get; init; }

    /// <summary>Engaged milliseconds, on an engagement event.</summary>
    public long? EngagementTime { get; init; }

    /// <summary>The event for one of <see cref="Sites"/>, as the event factory takes it.</summary>
    public EventInput ToInput(string site) => new()
    {
        Site = site,
        Name = Name,
        Page = Url,
        Referrer = Referrer,
        Props = Props,
        Interactive = Interactive,
        HashMode = HashMode,
        ScrollDepth = ScrollDepth,
        EngagementTime = EngagementTime,
    };
}
