namespace Analytics.Enrichment;

/// <summary>Derives facts about the client from its user-agent string, once, at ingestion.</summary>
public static class UserAgentParser
{
    /// <summary>The operating-system family of <paramref name="userAgent"/>, one of <see cref="OperatingSystems"/>.</summary>
    public static string ParseOperatingSystem(ReadOnlySpan<char> userAgent)
    {
        // Order matters: Android and ChromeOS user agents also say "Linux"; iOS ones say "like Mac OS X".
        if (userAgent.Contains("Windows", StringComparison.OrdinalIgnoreCase))
        {
            return OperatingSystems.Windows;
        }

        if (userAgent.Contains("iPhone", StringComparison.Ordinal) || userAgent.Contains("iPad", StringComparison.Ordinal)
            || userAgent.Contains("iPod", StringComparison.Ordinal))
        {
            return OperatingSystems.IOS;
        }

        if (userAgent.Contains("Android", StringComparison.OrdinalIgnoreCase))
        {
            return OperatingSystems.Android;
        }

        if (userAgent.Contains("CrOS", StringComparison.Ordinal))
        {
            return OperatingSystems.ChromeOS;
        }

        if (userAgent.Contains("Mac OS X", StringComparison.Ordinal) || userAgent.Contains("Macintosh", StringComparison.Ordinal))
        {
            return OperatingSystems.MacOS;
        }

        if (userAgent.Contains("Linux", StringComparison.OrdinalIgnoreCase) || userAgent.Contains("X11", StringComparison.Ordinal))
        {
            return OperatingSystems.Linux;
        }

        return OperatingSystems.Other;
    }
}
