namespace Analytics.Enrichment;

/// <summary>Finds the kind of device a user agent describes, starting from its operating system.</summary>
internal static class DeviceSignatures
{
    private static readonly string[] TvMarks =
    [
        "smarttv", "smart-tv", "smart tv", "googletv", "google tv", "android tv", "androidtv", "appletv", "apple tv",
        "tvos", "crkey", "hbbtv", "web0s", "webos.tv", "netcast", "bravia", "roku", "aquosbrowser", "viera", "philipstv",
        "nettv", "; aft", "opera tv", "(dtv)",
    ];

    private static readonly TokenTable<string> Tvs =
        new(StringComparison.OrdinalIgnoreCase, new TokenTable<string>.Entry(DeviceTypes.Tv, TvMarks));

    // For systems that run on many kinds of device. In order: a TV or console browser may also say "Mobile", and
    // iPads say "Mobile/".
    private static readonly TokenTable<string> AnyDevice = new(StringComparison.OrdinalIgnoreCase,
        new(DeviceTypes.Tv, TvMarks),
        new(DeviceTypes.Console, "playstation", "xbox", "nintendo"),
        new(DeviceTypes.Tablet, "ipad", "tablet", "kindle", "silk/", "playbook"),
        // "Mobi" is what browsers themselves promise to send on phones; the rest are feature-phone platforms.
        new(DeviceTypes.Mobile,
            "mobi", "iphone", "ipod", "phone", "midp", "j2me", "up.browser", "symbian", "symbos", "series40", "series60",
            "series 60", "s60;", "blackberry", "bb10", "nokia", "obigo", "netfront", "kaios", "windows ce", "palmos",
            "webos/", "opera mini", "bada", "maemo", "meego", "sailfish", "ucweb", "iph os", "fennec", "minimo"));

    /// <summary>The device type (one of <see cref="DeviceTypes"/>, never <see cref="DeviceTypes.Bot"/>).</summary>
    public static string Detect(ReadOnlySpan<char> userAgent, string operatingSystem)
    {
        switch (operatingSystem)
        {
            case OperatingSystems.IOS:
                return Has(userAgent, "iPad") ? DeviceTypes.Tablet : DeviceTypes.Mobile;
            // iPads asking for the desktop site land here too: nothing in the user agent tells them from a Mac.
            case OperatingSystems.MacOS or OperatingSystems.ChromeOS:
                return DeviceTypes.Desktop;
            // Windows tablets and the old "Tablet PC" label are PCs; the Xbox is the one Windows console.
            case OperatingSystems.Windows:
                return Has(userAgent, "Xbox") ? DeviceTypes.Console : DeviceTypes.Desktop;
            // The common Android cases first: a TV, or a phone saying "Mobile".
            case OperatingSystems.Android when Tvs.FirstMatch(userAgent).Found:
                return DeviceTypes.Tv;
            case OperatingSystems.Android when Has(userAgent, "Mobi"):
                return DeviceTypes.Mobile;
        }

        var match = AnyDevice.FirstMatch(userAgent);
        if (match.Found)
        {
            return match.Value;
        }

        return operatingSystem switch
        {
            // Android phones say "Mobile"; Android tablets leave it out.
            OperatingSystems.Android => DeviceTypes.Tablet,
            OperatingSystems.Linux => DeviceTypes.Desktop,
            _ => DeviceTypes.Other,
        };
    }

    private static bool Has(ReadOnlySpan<char> userAgent, string token) => userAgent.Contains(token, StringComparison.Ordinal);
}
