namespace Analytics.Enrichment;

/// <summary>Finds the kind of device a user agent describes, starting from its operating system.</summary>
internal static class DeviceSignatures
{
    // Checked first: a TV or TV-stick browser may also say "Mobile", and Android TVs say "Android".
    private static readonly TokenTable<string> Tvs = new(StringComparison.OrdinalIgnoreCase,
        new TokenTable<string>.Entry(DeviceTypes.Tv,
            "smarttv", "smart-tv", "smart tv", "googletv", "google tv", "android tv", "androidtv", "appletv", "apple tv",
            "tvos", "crkey", "hbbtv", "web0s", "netcast", "bravia", "roku", "nettv", "viera", "; aft"));

    // For systems that run on many kinds of device, after the TV marks. Two small tables rather than one large one:
    // the vectorised search slows down sharply as its value count grows. iPhones and iPads never get here.
    private static readonly TokenTable<string> OtherDevices = new(StringComparison.OrdinalIgnoreCase,
        new(DeviceTypes.Console, "playstation", "xbox", "nintendo"),
        new(DeviceTypes.Tablet, "tablet", "kindle", "silk/"),
        // "Mobi" is what browsers themselves promise to send on phones; the rest are feature-phone platforms.
        new(DeviceTypes.Mobile,
            "mobi", "phone", "midp", "j2me", "up.browser", "symbian", "series40", "series60", "blackberry", "bb10", "nokia",
            "obigo", "netfront", "opera mini", "bada", "sailfish", "ucweb"));

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
        }

        if (Tvs.FirstMatch(userAgent).Found)
        {
            return DeviceTypes.Tv;
        }

        // Most Android user agents are phones saying "Mobile".
        if (operatingSystem == OperatingSystems.Android && Has(userAgent, "Mobi"))
        {
            return DeviceTypes.Mobile;
        }

        var match = OtherDevices.FirstMatch(userAgent);
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
