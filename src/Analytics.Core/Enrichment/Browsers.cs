namespace Analytics.Enrichment;

/// <summary>The browser family labels that enrichment stores.</summary>
public static class Browsers
{
    /// <summary>Google Chrome, on every platform (including Chrome on iOS and Android WebView).</summary>
    public const string Chrome = "Chrome";

    /// <summary>Apple Safari, and the system WebKit view on iOS.</summary>
    public const string Safari = "Safari";

    /// <summary>Mozilla Firefox, on every platform.</summary>
    public const string Firefox = "Firefox";

    /// <summary>Microsoft Edge, both the Chromium one and the legacy EdgeHTML one.</summary>
    public const string Edge = "Edge";

    /// <summary>Opera, Opera Mini, Opera Mobile, Opera GX and Opera Touch.</summary>
    public const string Opera = "Opera";

    /// <summary>Samsung Internet.</summary>
    public const string SamsungInternet = "Samsung Internet";

    /// <summary>Yandex Browser.</summary>
    public const string YandexBrowser = "Yandex Browser";

    /// <summary>UC Browser.</summary>
    public const string UCBrowser = "UC Browser";

    /// <summary>Vivaldi.</summary>
    public const string Vivaldi = "Vivaldi";

    /// <summary>Microsoft Internet Explorer, including IE Mobile.</summary>
    public const string InternetExplorer = "Internet Explorer";

    /// <summary>The in-app browser of Facebook and Messenger.</summary>
    public const string Facebook = "Facebook";

    /// <summary>The in-app browser of Instagram.</summary>
    public const string Instagram = "Instagram";

    /// <summary>Any other browser or client, bots, and a missing user agent.</summary>
    public const string Other = "Other";

    /// <summary>Every family, in the order listed here.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Chrome, Safari, Firefox, Edge, Opera, SamsungInternet, YandexBrowser, UCBrowser, Vivaldi, InternetExplorer, Facebook, Instagram, Other];
}
