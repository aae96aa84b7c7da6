namespace Analytics.Events;

/// <summary>Event names with a meaning of their own.</summary>
public static class EventNames
{
    /// <summary>A page view, the default name.</summary>
    public const string Pageview = "pageview";

    /// <summary>Reserved for the tracker's time-on-page and scroll-depth events; not counted as events.</summary>
    public const string Engagement = "engagement";
}
