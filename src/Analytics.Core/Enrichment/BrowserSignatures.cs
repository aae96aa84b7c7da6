using System.Buffers;

namespace Analytics.Enrichment;

/// <summary>
/// Finds the browser a user agent names. Nearly every browser also says "Chrome/" or "Safari/" or both, so the
/// specific marks come first in the table and the big engines last.
/// </summary>
internal static class BrowserSignatures
{
    // The first entry with a token present decides. The version is read after Rule.VersionToken when given and
    // present, otherwise right after the token found.
    private static readonly TokenTable<Rule> Table = new(StringComparison.Ordinal,
        // In-app browsers append their mark to the system web view's user agent.
        new(new Rule(Browsers.Instagram), "Instagram"),
        new(new Rule(Browsers.Facebook, "FBAV/"), "FBAV/", "FBAN/", "FB_IAB/"),
        // Chromium-based browsers keep "Chrome/" and "Safari/" and add their own mark.
        new(new Rule(Browsers.Edge), "Edg/", "EdgA/", "EdgiOS/", "Edge/"),
        new(new Rule(Browsers.SamsungInternet), "SamsungBrowser/"),
        new(new Rule(Browsers.YandexBrowser), "YaBrowser/", "YaSearchBrowser/"),
        // UC Browser before Opera: UC on feature phones embeds an Opera Mini token.
        new(new Rule(Browsers.UCBrowser, "UCBrowser"), "UCBrowser", "UCMobile/", "UC Browser", "UBrowser/", "UCWEB"),
        new(new Rule(Browsers.Opera), "OPR/", "OPiOS/", "OPT/", "OPX/", "Coast/", "Opera Mini/"),
        // Presto-era Opera froze "Opera/9.80" and moved the real version to "Version/"; it also posed as MSIE.
        new(new Rule(Browsers.Opera, "Version/"), "Opera"),
        new(new Rule(Browsers.Vivaldi), "Vivaldi/"),
        new(new Rule(Browsers.InternetExplorer), "MSIE ", "IEMobile"),
        new(new Rule(Browsers.InternetExplorer, "rv:"), "Trident/"),
        // The big engines, whose user agents everyone else copies.
        new(new Rule(Browsers.Firefox, Engine: true), "FxiOS/", "Firefox"),
        new(new Rule(Browsers.Chrome, Engine: true), "CriOS/", "Chrome/"));

    private static readonly SearchValues<char> TokenEnds = SearchValues.Create(" +()");

    /// <summary>
    /// The browser family (one of <see cref="Browsers"/>) and major version; whether the user agent names a browser or
    /// engine at all, ours or not; and whether it is exactly what that browser sends, with no product token of
    /// anyone else's.
    /// </summary>
    public static BrowserMatch Detect(ReadOnlySpan<char> userAgent, string operatingSystem)
    {
        var match = Table.FirstMatch(userAgent);
        if (match.Found)
        {
            var rule = match.Value;
            var version = (rule.VersionToken is { } versionToken ? VersionText.MajorAfter(userAgent, versionToken) : null)
                ?? VersionText.Major(match.After(userAgent));
            var shape = ShapeOf(userAgent, rule.Engine ? default : ProductName(userAgent.Slice(match.Index, match.Length)));
            if (rule.Engine && shape == Shape.Extended)
            {
                // Forks, niche browsers and apps' web views copy Chrome's or Firefox's user agent and add their own
                // product token ("Whale/3.2", "Spotify/1.0", "Brave"); the originals send engine tokens only.
                return new BrowserMatch(Browsers.Other, null, NamesBrowser: true, Plain: false);
            }

            return new BrowserMatch(rule.Browser, version, NamesBrowser: true, Plain: shape == Shape.Exact);
        }

        // Android's old stock browser also says "Version/… Safari/"; Safari itself ships only on Apple systems, where
        // any WebKit view without another browser's mark is Safari's engine.
        if (IsSafari(userAgent, operatingSystem))
        {
            var shape = ShapeOf(userAgent, default);
            return shape == Shape.Extended
                ? new BrowserMatch(Browsers.Other, null, NamesBrowser: true, Plain: false)
                : new BrowserMatch(Browsers.Safari, VersionText.MajorAfter(userAgent, "Version/"), NamesBrowser: true,
                    Plain: shape == Shape.Exact);
        }

        return new BrowserMatch(Browsers.Other, null, HasEngine(userAgent), Plain: false);
    }

    private static bool IsSafari(ReadOnlySpan<char> userAgent, string operatingSystem) => operatingSystem switch
    {
        OperatingSystems.IOS => Has(userAgent, "AppleWebKit") || Has(userAgent, "Safari"),
        OperatingSystems.MacOS => Has(userAgent, "Safari"),
        _ => false,
    };

    // How far a user agent departs from what the browser itself sends: engine tokens and the browser's own product
    // token (ownToken: "Edg", "SamsungBrowser"), with comments only where the browser puts them.
    private static Shape ShapeOf(ReadOnlySpan<char> userAgent, ReadOnlySpan<char> ownToken)
    {
        var depth = 0;
        var afterBrowser = false;
        var annotated = false;
        var rest = userAgent;
        while (!rest.IsEmpty)
        {
            switch (rest[0])
            {
                case '(':
                    // The big engines end with their product token; a comment after it was added by someone else.
                    annotated |= afterBrowser && depth == 0;
                    depth++;
                    rest = rest[1..];
                    continue;
                case ')':
                    depth = Math.Max(0, depth - 1);
                    rest = rest[1..];
                    continue;
                case ' ' or '+': // '+' is a space in user agents that went through URL encoding
                    rest = rest[1..];
                    continue;
            }

            var end = depth > 0 ? rest.IndexOfAny('(', ')') : rest.IndexOfAny(TokenEnds);
            var token = end < 0 ? rest : rest[..end];
            rest = rest[token.Length..];
            if (depth > 0)
            {
                continue;
            }

            var name = ProductName(token);
            if (!IsEngineToken(name) && !(name.SequenceEqual(ownToken) && !ownToken.IsEmpty))
            {
                return Shape.Extended;
            }

            afterBrowser |= name is "Chrome" or "CriOS" or "Firefox" or "FxiOS" or "Safari";
        }

        // Only Internet Explorer says "compatible"; in anyone else's user agent a crawler put it there.
        return annotated || (ownToken.IsEmpty && Has(userAgent, "compatible")) ? Shape.Annotated : Shape.Exact;
    }

    // "Chrome/131.0" -> "Chrome".
    private static ReadOnlySpan<char> ProductName(ReadOnlySpan<char> token)
    {
        var slash = token.IndexOf('/');
        return slash < 0 ? token : token[..slash];
    }

    private static bool IsEngineToken(ReadOnlySpan<char> name) => name switch
    {
        "Mozilla" or "AppleWebKit" or "KHTML," or "like" or "Gecko" or "Chrome" or "CriOS" or "Firefox" or "FxiOS"
            or "Safari" or "Version" or "Mobile" => true,
        // Linux distributions stamped their name into the Firefox and Chromium builds they shipped.
        "Ubuntu" or "Fedora" or "Debian" or "Mandriva" or "CentOS" => true,
        // Apple's networking stack, which Safari's own background requests name.
        "CFNetwork" or "Darwin" => true,
        _ => false,
    };

    // Whether the user agent at least names a browser engine, so that a client naming nothing else is not taken for
    // a script.
    private static bool HasEngine(ReadOnlySpan<char> userAgent) =>
        Has(userAgent, "WebKit") || Has(userAgent, "Gecko") || Has(userAgent, "Presto") || Has(userAgent, "KHTML")
        || Has(userAgent, "Safari");

    private static bool Has(ReadOnlySpan<char> userAgent, string token) => userAgent.Contains(token, StringComparison.Ordinal);

    private sealed record Rule(string Browser, string? VersionToken = null, bool Engine = false);

    private enum Shape
    {
        // Exactly what the browser sends.
        Exact,

        // The browser's tokens, with a comment someone added: a crawler's name may hide in it.
        Annotated,

        // Another product's token besides the browser's: a fork, an app's web view or a tool.
        Extended,
    }
}
