using System.Buffers;

namespace Analytics.Enrichment;

/// <summary>Finds the kind of device a user agent describes.</summary>
internal static class DeviceSignatures
{
    private static readonly SearchValues<string> Tvs = SearchValues.Create(
    [
        "smarttv", "smart-tv", "smart tv", "googletv", "google tv", "android tv", "appletv", "apple tv", "tvos", "crkey",
        "hbbtv", "web0s", "webos.tv", "netcast", "bravia", "roku", "aquosbrowser", "viera", "philipstv", "nettv", "; aft",
        "opera tv", "(dtv)",
    ], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> Consoles = SearchValues.Create(
        ["playstation", "xbox", "nintendo"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> Tablets = SearchValues.Create(
        ["ipad", "tablet", "kindle", "silk/", "playbook"], StringComparison.OrdinalIgnoreCase);

    // "Mobi" is what browsers themselves promise to send on phones; the rest are feature-phone platforms and browsers.
    private static readonly SearchValues<string> Phones = SearchValues.Create(
    [
        "mobi", "iphone", "ipod", "phone", "midp", "j2me", "up.browser", "symbian", "symbos", "series40", "series60",
        "series 60", "s60;", "blackberry", "bb10", "nokia", "obigo", "netfront", "kaios", "windows ce", "palmos", "webos/",
        "opera mini", "bada", "maemo", "meego", "sailfish", "ucweb", "iph os", "fennec", "minimo",
    ], StringComparison.OrdinalIgnoreCase);

    /// <summary>The device type (one of <see cref="DeviceTypes"/>, never <see cref="DeviceTypes.Bot"/>).</summary>
    public static string Detect(ReadOnlySpan<char> userAgent, string operatingSystem)
    {
        if (userAgent.ContainsAny(Tvs))
        {
            return DeviceTypes.Tv;
        }

        if (userAgent.ContainsAny(Consoles))
        {
            return DeviceTypes.Console;
        }

        // Before phones: iPads say "Mobile/" too. Old Windows PCs say "Tablet PC" and are not tablets.
        var tablet = userAgent.IndexOfAny(Tablets);
        if (tablet >= 0 && !userAgent[tablet..].StartsWith("Tablet PC", StringComparison.OrdinalIgnoreCase))
        {
            return DeviceTypes.Tablet;
        }

        if (userAgent.ContainsAny(Phones))
        {
            return DeviceTypes.Mobile;
        }

        return operatingSystem switch
        {
            // Android phones say "Mobile"; Android tablets leave it out.
            OperatingSystems.Android => DeviceTypes.Tablet,
            OperatingSystems.Windows or OperatingSystems.MacOS or OperatingSystems.Linux or OperatingSystems.ChromeOS
                => DeviceTypes.Desktop,
            _ => DeviceTypes.Other,
        };
    }
}
