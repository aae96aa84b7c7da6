using Analytics.Events;
using Analytics.Text;

namespace Analytics.Enrichment;

/// <summary>
/// Derives facts about the client from its user-agent string, once, at ingestion: browser, operating system, device
/// type and whether it is a bot. Span-based and table-driven, no regular expressions; results are cached.
/// </summary>
public static class UserAgentParser
{
    // Enough for a busy site's distinct user agents; at most about 10 MB with the longest cached keys.
    internal const int CacheCapacity = 10_000;

    private static readonly UserAgentCache Cache = new(CacheCapacity, static userAgent => ParseUncached(userAgent));

    /// <summary>
    /// Parses <paramref name="userAgent"/>, answering repeated strings from a bounded cache.
    /// A missing or blank user agent gives <see cref="UserAgentInfo.Unknown"/>.
    /// </summary>
    public static UserAgentInfo Parse(string? userAgent) =>
        string.IsNullOrWhiteSpace(userAgent) ? UserAgentInfo.Unknown : Cache.GetOrAdd(userAgent);

    /// <summary>The operating-system family of <paramref name="userAgent"/>, one of <see cref="OperatingSystems"/>.</summary>
    public static string ParseOperatingSystem(ReadOnlySpan<char> userAgent) =>
        OperatingSystemSignatures.Detect(Bound(userAgent)).Family;

    /// <summary>Parses without the cache; for measurements and for callers holding only a span.</summary>
    internal static UserAgentInfo ParseUncached(ReadOnlySpan<char> userAgent)
    {
        userAgent = Bound(userAgent).Trim();
        if (userAgent.IsEmpty)
        {
            return UserAgentInfo.Unknown;
        }

        var (os, osVersion) = OperatingSystemSignatures.Detect(userAgent);
        var browser = BrowserSignatures.Detect(userAgent, os);
        if (BotSignatures.IsBot(userAgent, browser.Plain))
        {
            return Bot(os, osVersion);
        }

        // A client that names no browser engine is a person's only on a phone, tablet, TV or console (feature phones,
        // apps' own HTTP stacks); on a computer or an unknown system it is a program. This catches the long tail of
        // scripts and libraries that no list keeps up with.
        var device = DeviceSignatures.Detect(userAgent, os);
        if (!browser.NamesBrowser && device is DeviceTypes.Desktop or DeviceTypes.Other)
        {
            return Bot(os, osVersion);
        }

        return new UserAgentInfo(browser.Family, browser.Version, os, osVersion, device, IsBot: false);
    }

    // The operating system a bot claims is kept: it says which index (mobile or desktop) a crawler builds.
    private static UserAgentInfo Bot(string os, string? osVersion) =>
        new(Browsers.Other, null, os, osVersion, DeviceTypes.Bot, IsBot: true);

    // Real user agents are a few hundred characters; past the ingestion limit there is nothing left to learn, and a
    // bound keeps the cost of a hostile string fixed.
    private static ReadOnlySpan<char> Bound(ReadOnlySpan<char> userAgent) =>
        TextClip.Prefix(userAgent, EventLimits.MaxUserAgentLength);
}
