using Analytics.Enrichment;

namespace Analytics.UserAgentAccuracy;

/// <summary>
/// How uap-core's family names map onto ours. Only mapped cases are scored; the others name something we
/// deliberately fold into "Other" (Windows Phone, BlackBerry, Symbian, Brave, Puffin, …) and are reported apart.
/// </summary>
internal static class FamilyMapping
{
    public static IReadOnlyDictionary<string, string> OperatingSystems { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Windows"] = Enrichment.OperatingSystems.Windows,
        ["Mac OS X"] = Enrichment.OperatingSystems.MacOS,
        ["Mac OS"] = Enrichment.OperatingSystems.MacOS,
        ["iOS"] = Enrichment.OperatingSystems.IOS,
        ["Android"] = Enrichment.OperatingSystems.Android,
        ["Chrome OS"] = Enrichment.OperatingSystems.ChromeOS,
        ["Linux"] = Enrichment.OperatingSystems.Linux,
        ["Ubuntu"] = Enrichment.OperatingSystems.Linux,
        ["Kubuntu"] = Enrichment.OperatingSystems.Linux,
        ["Debian"] = Enrichment.OperatingSystems.Linux,
        ["Fedora"] = Enrichment.OperatingSystems.Linux,
        ["Gentoo"] = Enrichment.OperatingSystems.Linux,
        ["Red Hat"] = Enrichment.OperatingSystems.Linux,
        ["Mandriva"] = Enrichment.OperatingSystems.Linux,
        ["CentOS"] = Enrichment.OperatingSystems.Linux,
        ["SUSE"] = Enrichment.OperatingSystems.Linux,
        ["openSUSE"] = Enrichment.OperatingSystems.Linux,
        ["Slackware"] = Enrichment.OperatingSystems.Linux,
        ["Linux Mint"] = Enrichment.OperatingSystems.Linux,
        ["Tizen"] = Enrichment.OperatingSystems.Tizen,
        ["HarmonyOS"] = Enrichment.OperatingSystems.HarmonyOS,
        ["KaiOS"] = Enrichment.OperatingSystems.KaiOS,
    };

    public static IReadOnlyDictionary<string, string> Browsers { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Chrome"] = Enrichment.Browsers.Chrome,
        ["Chrome Mobile"] = Enrichment.Browsers.Chrome,
        ["Chrome Mobile iOS"] = Enrichment.Browsers.Chrome,
        ["Chrome Mobile WebView"] = Enrichment.Browsers.Chrome,
        ["Safari"] = Enrichment.Browsers.Safari,
        ["Mobile Safari"] = Enrichment.Browsers.Safari,
        ["Mobile Safari UI/WKWebView"] = Enrichment.Browsers.Safari,
        ["Firefox"] = Enrichment.Browsers.Firefox,
        ["Firefox Mobile"] = Enrichment.Browsers.Firefox,
        ["Firefox iOS"] = Enrichment.Browsers.Firefox,
        ["Firefox Beta"] = Enrichment.Browsers.Firefox,
        ["Firefox Alpha"] = Enrichment.Browsers.Firefox,
        ["Edge"] = Enrichment.Browsers.Edge,
        ["Edge Mobile"] = Enrichment.Browsers.Edge,
        ["Opera"] = Enrichment.Browsers.Opera,
        ["Opera Mini"] = Enrichment.Browsers.Opera,
        ["Opera Mobile"] = Enrichment.Browsers.Opera,
        ["Opera Tablet"] = Enrichment.Browsers.Opera,
        ["Opera GX"] = Enrichment.Browsers.Opera,
        ["Opera Touch"] = Enrichment.Browsers.Opera,
        ["Opera Coast"] = Enrichment.Browsers.Opera,
        ["Opera Neon"] = Enrichment.Browsers.Opera,
        ["Samsung Internet"] = Enrichment.Browsers.SamsungInternet,
        ["Yandex Browser"] = Enrichment.Browsers.YandexBrowser,
        ["UC Browser"] = Enrichment.Browsers.UCBrowser,
        ["Vivaldi"] = Enrichment.Browsers.Vivaldi,
        ["IE"] = Enrichment.Browsers.InternetExplorer,
        ["IE Mobile"] = Enrichment.Browsers.InternetExplorer,
        ["IE Large Screen"] = Enrichment.Browsers.InternetExplorer,
        ["Facebook"] = Enrichment.Browsers.Facebook,
        ["Facebook Messenger"] = Enrichment.Browsers.Facebook,
        ["Instagram"] = Enrichment.Browsers.Instagram,
    };
}
