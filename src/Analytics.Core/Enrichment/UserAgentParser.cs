using Analytics.Events;

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
        var device = DeviceSignatures.Detect(userAgent, os);
        var (browser, browserVersion, namesBrowser) = BrowserSignatures.Detect(userAgent, os);

        // A client that names no browser, no operating system and no device is a program, not a person: this is what
        // catches the long tail of scripts and libraries that no list keeps up with.
        var anonymous = !namesBrowser && os == OperatingSystems.Other && device == DeviceTypes.Other;
        if (anonymous || BotSignatures.IsBot(userAgent))
        {
            // The operating system a bot claims is kept: it says which index (mobile or desktop) a crawler builds.
            return new UserAgentInfo(Browsers.Other, null, os, osVersion, DeviceTypes.Bot, IsBot: true);
        }

        return new UserAgentInfo(browser, browserVersion, os, osVersion, device, IsBot: false);
    }

    // Real user agents are a few hundred characters; past the ingestion limit there is nothing left to learn, and a
    // bound keeps the cost of a hostile string fixed.
    private static ReadOnlySpan<char> Bound(ReadOnlySpan<char> userAgent) =>
        userAgent.Length > PageViewLimits.MaxUserAgentLength ? userAgent[..PageViewLimits.MaxUserAgentLength] : userAgent;
}
