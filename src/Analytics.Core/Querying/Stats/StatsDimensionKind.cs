namespace Analytics.Querying.Stats;

/// <summary>What a <see cref="StatsDimension"/> describes.</summary>
public enum StatsDimensionKind
{
    /// <summary>Each event on its own: page, hostname, name, a property.</summary>
    Event,

    /// <summary>The visit an event belongs to, as its first event (or, for the exit page, its last page view) says.</summary>
    Visit,

    /// <summary>A time bucket in the site's time zone.</summary>
    Time,
}
