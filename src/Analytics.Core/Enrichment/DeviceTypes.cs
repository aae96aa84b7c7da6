namespace Analytics.Enrichment;

/// <summary>The device-type labels that enrichment stores.</summary>
public static class DeviceTypes
{
    /// <summary>A desktop or laptop computer.</summary>
    public const string Desktop = "desktop";

    /// <summary>A phone, including feature phones.</summary>
    public const string Mobile = "mobile";

    /// <summary>A tablet. iPads asking for the desktop site look like Macs and count as desktops.</summary>
    public const string Tablet = "tablet";

    /// <summary>A smart TV or TV stick.</summary>
    public const string Tv = "tv";

    /// <summary>A games console.</summary>
    public const string Console = "console";

    /// <summary>A crawler, monitor, headless browser or HTTP library.</summary>
    public const string Bot = "bot";

    /// <summary>Anything not recognised, and a missing user agent.</summary>
    public const string Other = "other";

    /// <summary>Every label, in the order listed here.</summary>
    public static IReadOnlyList<string> All { get; } = [Desktop, Mobile, Tablet, Tv, Console, Bot, Other];
}
