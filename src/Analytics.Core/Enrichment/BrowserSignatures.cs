using System.Buffers;

namespace Analytics.Enrichment;

/// <summary>
/// Finds the browser a user agent names. Nearly every browser also says "Chrome/" or "Safari/" or both, so the
/// specific marks are tried first and the generic ones last.
/// </summary>
internal static class BrowserSignatures
{
    // In order: the first token present decides. The version is read after VersionToken when given and present,
    // otherwise after Token.
    private static readonly Signature[] Marks =
    [
        // In-app browsers append their mark to the system web view's user agent.
        new("Instagram", Browsers.Instagram),
        new("FBAV/", Browsers.Facebook),
        new("FBAN/", Browsers.Facebook),
        new("FB_IAB/", Browsers.Facebook, "FBAV/"),
        // Chromium-based browsers keep "Chrome/" and "Safari/" and add their own mark.
        new("Edg/", Browsers.Edge),
        new("EdgA/", Browsers.Edge),
        new("EdgiOS/", Browsers.Edge),
        new("Edge/", Browsers.Edge),
        new("SamsungBrowser/", Browsers.SamsungInternet),
        new("YaBrowser/", Browsers.YandexBrowser),
        new("YaSearchBrowser/", Browsers.YandexBrowser),
        // UC Browser before Opera: UC on feature phones embeds an Opera Mini token.
        new("UCBrowser", Browsers.UCBrowser),
        new("UCMobile/", Browsers.UCBrowser),
        new("UC Browser", Browsers.UCBrowser),
        new("UBrowser/", Browsers.UCBrowser),
        new("UCWEB", Browsers.UCBrowser),
        new("OPR/", Browsers.Opera),
        new("OPiOS/", Browsers.Opera),
        new("OPT/", Browsers.Opera),
        new("OPX/", Browsers.Opera),
        new("Coast/", Browsers.Opera),
        new("Opera Mini/", Browsers.Opera),
        // Presto-era Opera froze "Opera/9.80" and moved the real version to "Version/"; it also posed as MSIE.
        new("Opera", Browsers.Opera, "Version/"),
        new("Vivaldi/", Browsers.Vivaldi),
        new("MSIE ", Browsers.InternetExplorer),
        new("Trident/", Browsers.InternetExplorer, "rv:"),
        new("IEMobile", Browsers.InternetExplorer),
    ];

    private static readonly SearchValues<char> TokenEnds = SearchValues.Create(" +()");

    /// <summary>
    /// The browser family (one of <see cref="Browsers"/>), its major version, and whether the user agent named any
    /// browser at all, ours or not.
    /// </summary>
    public static (string Family, string? Version, bool Named) Detect(ReadOnlySpan<char> userAgent, string operatingSystem)
    {
        foreach (var signature in Marks)
        {
            var at = userAgent.IndexOf(signature.Token, StringComparison.Ordinal);
            if (at >= 0)
            {
                var preferred = signature.VersionToken is { } versionToken ? VersionText.MajorAfter(userAgent, versionToken) : null;
                return (signature.Browser, preferred ?? VersionText.Major(userAgent[(at + signature.Token.Length)..]), true);
            }
        }

        var (family, version) = DetectEngineBrowser(userAgent, operatingSystem);
        if (family is null)
        {
            return (Browsers.Other, null, HasEngine(userAgent));
        }

        // Forks, niche browsers and apps' web views copy Chrome's, Firefox's or Safari's user agent and add their own
        // product token ("Whale/3.2", "Spotify/1.0", "Brave"); the originals send engine tokens only.
        return HasOnlyEngineTokens(userAgent) ? (family, version, true) : (Browsers.Other, null, true);
    }

    private static (string? Family, string? Version) DetectEngineBrowser(ReadOnlySpan<char> userAgent, string operatingSystem)
    {
        if (VersionText.MajorAfter(userAgent, "FxiOS/") is { } fxios)
        {
            return (Browsers.Firefox, fxios);
        }

        var firefox = userAgent.IndexOf("Firefox", StringComparison.Ordinal);
        if (firefox >= 0)
        {
            return (Browsers.Firefox, VersionText.Major(userAgent[(firefox + "Firefox".Length)..]));
        }

        if (VersionText.MajorAfter(userAgent, "CriOS/") is { } crios)
        {
            return (Browsers.Chrome, crios);
        }

        var chrome = userAgent.IndexOf("Chrome/", StringComparison.Ordinal);
        if (chrome >= 0)
        {
            return (Browsers.Chrome, VersionText.Major(userAgent[(chrome + "Chrome/".Length)..]));
        }

        // Android's old stock browser also says "Version/… Safari/"; Safari itself ships only on Apple systems, where
        // any WebKit view without another browser's mark is Safari's engine.
        var apple = operatingSystem is OperatingSystems.IOS or OperatingSystems.MacOS;
        if (apple && (Has(userAgent, "Safari") || (operatingSystem == OperatingSystems.IOS && Has(userAgent, "AppleWebKit"))))
        {
            return (Browsers.Safari, VersionText.MajorAfter(userAgent, "Version/"));
        }

        return (null, null);
    }

    // True when every product token outside the parenthesised comments is one the big engines send themselves.
    private static bool HasOnlyEngineTokens(ReadOnlySpan<char> userAgent)
    {
        var depth = 0;
        var rest = userAgent;
        while (!rest.IsEmpty)
        {
            switch (rest[0])
            {
                case '(':
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

            var slash = token.IndexOf('/');
            if (!IsEngineToken(slash < 0 ? token : token[..slash]))
            {
                return false;
            }
        }

        return true;
    }

    // Linux distributions stamped their name into the Firefox and Chromium builds they shipped.
    private static bool IsEngineToken(ReadOnlySpan<char> name) => name switch
    {
        "Mozilla" or "AppleWebKit" or "KHTML," or "like" or "Gecko" or "Chrome" or "CriOS" or "Firefox" or "FxiOS"
            or "Safari" or "Version" or "Mobile" => true,
        "Ubuntu" or "Fedora" or "Debian" or "Mandriva" or "CentOS" => true,
        // Apple's networking stack, which Safari's own background requests name.
        "CFNetwork" or "Darwin" => true,
        _ => false,
    };

    // Whether the user agent at least names a browser engine, so that a client that names nothing else is not taken
    // for a script.
    private static bool HasEngine(ReadOnlySpan<char> userAgent) =>
        Has(userAgent, "AppleWebKit") || Has(userAgent, "Gecko") || Has(userAgent, "Presto") || Has(userAgent, "KHTML")
        || Has(userAgent, "Safari") || Has(userAgent, "WebKit");

    private static bool Has(ReadOnlySpan<char> userAgent, string token) => userAgent.Contains(token, StringComparison.Ordinal);

    private sealed record Signature(string Token, string Browser, string? VersionToken = null);
}
