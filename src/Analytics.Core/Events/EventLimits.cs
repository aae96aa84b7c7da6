namespace Analytics.Events;

/// <summary>Bounds on the fields of an incoming event. Anything larger is refused with 400.</summary>
public static class EventLimits
{
    /// <summary>Longest accepted <c>page</c>, in characters.</summary>
    public const int MaxPageLength = 2048;

    /// <summary>Longest accepted <c>user_agent</c>, in characters.</summary>
    public const int MaxUserAgentLength = 1024;

    /// <summary>Longest accepted <c>referrer</c>, in characters.</summary>
    public const int MaxReferrerLength = 2048;

    /// <summary>Longest accepted <c>session_id</c>, in characters.</summary>
    public const int MaxSessionIdLength = 128;

    /// <summary>Longest accepted <c>ip_address</c>, in characters (an IPv6 address with a zone fits).</summary>
    public const int MaxIpAddressLength = 64;

    /// <summary>Largest accepted <c>duration</c>, in seconds (one day).</summary>
    public const int MaxDurationSeconds = 86_400;

    /// <summary>Longest accepted custom event <c>name</c>, in characters.</summary>
    public const int MaxNameLength = 120;

    /// <summary>Longest accepted <c>site</c>, in characters (a DNS name has at most 253).</summary>
    public const int MaxSiteLength = 253;

    /// <summary>Most custom properties on one event.</summary>
    public const int MaxProps = 30;

    /// <summary>Longest property key, in UTF-8 bytes.</summary>
    public const int MaxPropKeyBytes = 300;

    /// <summary>Longest property value, in UTF-8 bytes.</summary>
    public const int MaxPropValueBytes = 2000;
}
