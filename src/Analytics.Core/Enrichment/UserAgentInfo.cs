namespace Analytics.Enrichment;

/// <summary>What a user-agent string says about the client that sent it.</summary>
/// <param name="Browser">The browser family, one of <see cref="Browsers"/>; <see cref="Browsers.Other"/> for bots.</param>
/// <param name="BrowserVersion">The browser's major version (<c>"120"</c>), or null when it does not say.</param>
/// <param name="OperatingSystem">The operating-system family, one of <see cref="OperatingSystems"/>.</param>
/// <param name="OsVersion">The operating-system version (<c>"10"</c>, <c>"14.2"</c>, <c>"17.1"</c>), or null when it does not say.</param>
/// <param name="DeviceType">The kind of device, one of <see cref="DeviceTypes"/>; <see cref="DeviceTypes.Bot"/> for bots.</param>
/// <param name="IsBot">True for crawlers, monitors, headless browsers and HTTP libraries.</param>
public sealed record UserAgentInfo(
    string Browser,
    string? BrowserVersion,
    string OperatingSystem,
    string? OsVersion,
    string DeviceType,
    bool IsBot)
{
    /// <summary>The answer for a missing, empty or blank user agent: nothing known, and not a bot.</summary>
    public static UserAgentInfo Unknown { get; } =
        new(Browsers.Other, null, OperatingSystems.Other, null, DeviceTypes.Other, IsBot: false);
}
