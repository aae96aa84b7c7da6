using System.Buffers;

namespace Analytics.Enrichment;

/// <summary>
/// Recognises automated clients from marks that no person's browser carries: the generic words crawlers use for
/// themselves, a contact address or URL, and a compact list of well-known crawlers, monitors, headless browsers and
/// HTTP libraries.
/// </summary>
internal static class BotSignatures
{
    private static readonly SearchValues<string> Marks = SearchValues.Create(
    [
        // What crawlers call themselves, and the contact URL they leave for site owners.
        "crawl", "spider", "slurp", "scrap", "fetch", "archiv", "http://", "https://", "+http", "www.", "mailto",
        "(at)", "[at]",
        // Search, social and link-preview crawlers that do not say "bot".
        "mediapartners", "google-", "googleother", "google favicon", "googleimageproxy", "preview", "facebookexternal",
        "facebookcatalog", "meta-external", "whatsapp", "ia_archiver", "daumoa", "yahoo! slurp", "feed", "rss",
        // AI crawlers and assistants fetching on a user's behalf.
        "chatgpt", "claude", "anthropic", "perplexity", "mistralai", "cohere-ai", "img2dataset",
        // SEO, security and uptime tools.
        "monitor", "uptime", "synthetic", "pingdom", "statuscake", "site24x7", "newrelic", "datadog", "catchpoint",
        "gtmetrix", "ptst/", "lighthouse", "siteimprove", "silktide", "hardenize", "securityheaders", "validator",
        "checker", "linkcheck", "check_http", "nagios", "zabbix", "scan", "inspect", "nikto", "acunetix", "openvas",
        "sqlmap", "nmap", "zgrab", "masscan", "netcraft", "cloudflare", "appinsights", "hotjar", "datanyze",
        "dareboost", "httrack", "agent",
        // Headless and automated browsers.
        "headless", "phantomjs", "puppeteer", "playwright", "selenium", "webdriver", "cypress", "slimerjs", "htmlunit",
        "splash",
        // HTTP libraries and command-line tools.
        "curl", "wget", "python", "aiohttp", "httpx", "go-http", "okhttp", "axios", "undici", "java/", "java ",
        "libwww", "lwp-", "httpclient", "http-client", "http client", "http_", "jetty", "guzzle", "postman", "insomnia",
        "httpie", "powershell", "winhttp", "colly",
    ], StringComparison.OrdinalIgnoreCase);

    // Top-level domains that show up in crawler names ("Dataprovider.com"); lower case only, so ".NET CLR" in old
    // Internet Explorer user agents does not count.
    private static readonly string[] DomainEndings = ["com", "net", "org", "io", "ai"];

    /// <summary>True when <paramref name="userAgent"/> carries a mark of an automated client.</summary>
    public static bool IsBot(ReadOnlySpan<char> userAgent) =>
        userAgent.ContainsAny(Marks) || userAgent.Contains('@') || HasBotWord(userAgent) || HasDomainName(userAgent);

    // "bot" ends the word in Googlebot, bingbot, AdsBot-Google; but not in "Botswana" (a carrier name in Facebook's
    // user agent) or in Cubot phones.
    private static bool HasBotWord(ReadOnlySpan<char> userAgent)
    {
        var rest = userAgent;
        int at;
        var offset = 0;
        while ((at = rest.IndexOf("bot", StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var start = offset + at;
            var end = start + 3;
            if (end < userAgent.Length && userAgent[end] == 's')
            {
                end++;
            }

            var endsWord = end == userAgent.Length || !char.IsAsciiLetterLower(userAgent[end]);
            var cubot = start >= 2 && userAgent.Slice(start - 2, 2).Equals("cu", StringComparison.OrdinalIgnoreCase);
            if (endsWord && !cubot)
            {
                return true;
            }

            offset = start + 3;
            rest = userAgent[offset..];
        }

        return false;
    }

    private static bool HasDomainName(ReadOnlySpan<char> userAgent)
    {
        var rest = userAgent;
        int at;
        var offset = 0;
        while ((at = rest.IndexOf('.')) >= 0)
        {
            var dot = offset + at;
            var ending = userAgent[(dot + 1)..];
            var letters = ending.IndexOfAnyExceptInRange('a', 'z');
            if (letters < 0)
            {
                letters = ending.Length;
            }

            var followedByLetter = letters < ending.Length && char.IsAsciiLetter(ending[letters]);
            if (dot > 0 && char.IsAsciiLetterOrDigit(userAgent[dot - 1]) && !followedByLetter
                && IsDomainEnding(ending[..letters]))
            {
                return true;
            }

            offset = dot + 1;
            rest = userAgent[offset..];
        }

        return false;
    }

    private static bool IsDomainEnding(ReadOnlySpan<char> ending)
    {
        foreach (var candidate in DomainEndings)
        {
            if (ending.SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }
}
