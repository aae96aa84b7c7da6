using System.Buffers;

namespace Analytics.Enrichment;

/// <summary>
/// Recognises automated clients from marks that no person's browser carries: the generic words crawlers use for
/// themselves, a contact address, URL or domain name, and a compact list of tools that otherwise copy a browser's
/// user agent. (Scripts that name no browser engine are caught by <see cref="UserAgentParser"/> itself.)
/// </summary>
internal static class BotSignatures
{
    // Generic words, looked for in every user agent: crawlers that copy a browser's user agent put them in its
    // comments. "bot" and the domain endings are checked further where found. Few values keep the vectorised
    // search fast.
    private static readonly SearchValues<string> GenericMarks = SearchValues.Create(
    [
        "bot", "crawl", "spider", "slurp", "scrap", "fetch", "archiv", ".com", ".net", ".org", ".io", ".ai",
        // A URL or an HTTP library: browsers never say "http" ("+http://…", "okhttp", "Go-http-client", "HTTPie").
        "http", "www.", "mailto", "(at)", "[at]",
        "preview", "monitor", "uptime", "synthetic", "check", "scan", "inspect", "agent", "headless", "google-", "feed",
        "rss",
    ], StringComparison.OrdinalIgnoreCase);

    // Tools that copy a browser's user agent and add their own name ("Chrome-Lighthouse", "PTST/211202", "Hotjar"),
    // looked for only in user agents that are not exactly a browser's. Scripts and libraries need no list: they name
    // no browser engine at all.
    private static readonly SearchValues<string> NamedMarks = SearchValues.Create(
    [
        "lighthouse", "ptst/", "gtmetrix", "pingdom", "statuscake", "catchpoint", "newrelic", "datadog", "siteimprove",
        "silktide",
        "hardenize", "securityheaders", "hotjar", "dareboost", "datanyze", "appinsights", "httrack", "openvas",
        "phantomjs", "puppeteer", "playwright", "selenium", "webdriver", "cypress", "slimerjs", "splash",
        "googleimageproxy", "google favicon", "chatgpt", "claude", "anthropic", "perplexity", "mistralai",
        "cohere-ai", "img2dataset",
    ], StringComparison.OrdinalIgnoreCase);

    // Top-level domains that show up in crawler names ("Dataprovider.com"); lower case only, so ".NET CLR" in old
    // Internet Explorer user agents does not count.
    private static readonly string[] DomainEndings = ["com", "net", "org", "io", "ai"];

    /// <summary>
    /// True when <paramref name="userAgent"/> carries a mark of an automated client. <paramref name="plainBrowser"/>
    /// says it is exactly what a recognised browser sends, so that only generic marks can hide in it.
    /// </summary>
    public static bool IsBot(ReadOnlySpan<char> userAgent, bool plainBrowser)
    {
        if (userAgent.Contains('@'))
        {
            return true;
        }

        var offset = 0;
        int at;
        while ((at = userAgent[offset..].IndexOfAny(GenericMarks)) >= 0)
        {
            var position = offset + at;
            var mark = userAgent[position] switch
            {
                '.' => IsDomainName(userAgent, position),
                'b' or 'B' when userAgent[position..].StartsWith("bot", StringComparison.OrdinalIgnoreCase)
                    => IsBotWord(userAgent, position),
                _ => true,
            };
            if (mark)
            {
                return true;
            }

            offset = position + 1;
        }

        return !plainBrowser && userAgent.ContainsAny(NamedMarks);
    }

    // "bot" ends the word in Googlebot, bingbot, AdsBot-Google; but not in "Botswana" (a carrier name in Facebook's
    // user agent) or in Cubot phones.
    private static bool IsBotWord(ReadOnlySpan<char> userAgent, int start)
    {
        var end = start + "bot".Length;
        if (end < userAgent.Length && userAgent[end] == 's')
        {
            end++;
        }

        var endsWord = end == userAgent.Length || !char.IsAsciiLetterLower(userAgent[end]);
        var cubot = start >= 2 && userAgent.Slice(start - 2, 2).Equals("cu", StringComparison.OrdinalIgnoreCase);
        return endsWord && !cubot;
    }

    // A dot after a letter or digit, then a lower-case top-level domain that ends the word.
    private static bool IsDomainName(ReadOnlySpan<char> userAgent, int dot)
    {
        if (dot == 0 || !char.IsAsciiLetterOrDigit(userAgent[dot - 1]))
        {
            return false;
        }

        var ending = userAgent[(dot + 1)..];
        var length = ending.IndexOfAnyExceptInRange('a', 'z');
        if (length < 0)
        {
            length = ending.Length;
        }
        else if (char.IsAsciiLetter(ending[length]))
        {
            return false;
        }

        foreach (var candidate in DomainEndings)
        {
            if (ending[..length].SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }
}
