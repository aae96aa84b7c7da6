namespace Analytics.Enrichment;

/// <summary>Finds the operating system a user agent names. Order matters: many user agents name more than one.</summary>
internal static class OperatingSystemSignatures
{
    private static readonly TokenTable<Rule> Table = new(StringComparison.Ordinal,
        // Windows Phone and Windows Mobile also claim Android and iPhone to get mobile sites; neither is one of ours.
        new(new Rule(OperatingSystems.Other, VersionAt.Nowhere), "Windows Phone", "Windows Mobile", "Windows CE", "WPDesktop"),
        // Huawei's, KaiOS's and Samsung's systems say "Android" or "Linux" for compatibility, then name themselves.
        new(new Rule(OperatingSystems.HarmonyOS, VersionAt.AfterWord), "HarmonyOS", "OpenHarmony"),
        new(new Rule(OperatingSystems.KaiOS, VersionAt.AfterWord), "KAIOS", "KaiOS"),
        new(new Rule(OperatingSystems.Tizen, VersionAt.AfterWord), "Tizen"),
        // "Adr" is UC Browser's abbreviation.
        new(new Rule(OperatingSystems.Android, VersionAt.AfterToken), "Android", "android", "Adr "),
        // Amazon's Silk runs only on Fire OS, an Android, even when it asks for the desktop (Mac) site.
        new(new Rule(OperatingSystems.Android, VersionAt.Nowhere), "Silk/"),
        // Apple TV and Apple Watch borrow iOS wording ("CPU OS", "like Mac OS X") but are not phones or Macs.
        new(new Rule(OperatingSystems.Other, VersionAt.Nowhere), "AppleTV", "Apple TV", "tvOS", "watchOS"),
        // "iOS" also catches CriOS, FxiOS, EdgiOS and OPiOS, which stay iOS when they ask for the desktop (Mac) site.
        new(new Rule(OperatingSystems.IOS, VersionAt.IosVersion), "iPhone", "iPad", "iPod", "iOS", "iPh OS"),
        new(new Rule(OperatingSystems.ChromeOS, VersionAt.Nowhere), "CrOS"),
        new(new Rule(OperatingSystems.MacOS, VersionAt.MacVersion), "Macintosh", "Mac OS X", "Mac_PowerPC", "Mac OS"),
        // Apps on Apple systems send "CFNetwork/… Darwin/…"; only Macs add their architecture or model.
        new(new Rule(OperatingSystems.MacOS, VersionAt.DarwinHardware), "Darwin/"),
        new(new Rule(OperatingSystems.Windows, VersionAt.WindowsProduct), "Windows", "Win64", "Win32", "WinNT", "Win9"),
        new(new Rule(OperatingSystems.Other, VersionAt.Nowhere), "BSD", "SunOS"),
        new(new Rule(OperatingSystems.Linux, VersionAt.Nowhere), "Linux", "linux", "X11", "Ubuntu"));

    private enum VersionAt
    {
        Nowhere,
        AfterToken,
        AfterWord,
        IosVersion,
        MacVersion,
        WindowsProduct,
        DarwinHardware,
    }

    /// <summary>The operating-system family (one of <see cref="OperatingSystems"/>) and its version, if given.</summary>
    public static (string Family, string? Version) Detect(ReadOnlySpan<char> userAgent)
    {
        var match = Table.FirstMatch(userAgent);
        if (!match.Found)
        {
            return (OperatingSystems.Other, null);
        }

        var from = userAgent[match.Index..];
        return match.Value.Version switch
        {
            VersionAt.AfterToken => (match.Value.Family, VersionText.MajorMinor(match.After(userAgent))),
            VersionAt.AfterWord => (match.Value.Family, VersionAfterWord(from)),
            VersionAt.IosVersion => (match.Value.Family, IosVersion(userAgent)),
            VersionAt.MacVersion => (match.Value.Family, MacVersion(userAgent)),
            VersionAt.WindowsProduct => (match.Value.Family, WindowsVersion(userAgent)),
            VersionAt.DarwinHardware => (IsMac(userAgent) ? OperatingSystems.MacOS : OperatingSystems.IOS, null),
            _ => (match.Value.Family, null),
        };
    }

    private static bool IsMac(ReadOnlySpan<char> userAgent) =>
        userAgent.Contains("x86_64", StringComparison.Ordinal) || userAgent.Contains("i386", StringComparison.Ordinal)
        || userAgent.Contains("Mac", StringComparison.Ordinal);

    // "HarmonyOS 3.0.0", "KAIOS/2.5.1", "Tizen 5.0": the version follows the name after a space or a slash.
    private static string? VersionAfterWord(ReadOnlySpan<char> fromName)
    {
        var end = fromName.IndexOfAny(' ', '/');
        return end < 0 ? null : VersionText.MajorMinor(fromName[end..]);
    }

    // "CPU iPhone OS 17_1_2 like Mac OS X", "CPU OS 15_3_1", "iPh OS 7_0_4", "iOS 12.2".
    private static string? IosVersion(ReadOnlySpan<char> userAgent)
    {
        var rest = userAgent;
        int at;
        while ((at = rest.IndexOf(" OS ", StringComparison.Ordinal)) >= 0)
        {
            rest = rest[(at + " OS".Length)..];
            if (VersionText.MajorMinor(rest) is { } version)
            {
                return version;
            }
        }

        at = userAgent.IndexOf("iOS ", StringComparison.Ordinal);
        return at < 0 ? null : VersionText.MajorMinor(userAgent[(at + "iOS".Length)..]);
    }

    // "Intel Mac OS X 10_15_7" (Safari, Chrome), "Intel Mac OS X 10.15" (Firefox).
    private static string? MacVersion(ReadOnlySpan<char> userAgent)
    {
        var at = userAgent.IndexOf("Mac OS X", StringComparison.Ordinal);
        return at < 0 ? null : VersionText.MajorMinor(userAgent[(at + "Mac OS X".Length)..]);
    }

    // Windows names its kernel version; people know the product name. Old user agents say "Windows; U; Windows NT 6.1",
    // so the version is not always after the first "Windows".
    private static string? WindowsVersion(ReadOnlySpan<char> userAgent)
    {
        var at = userAgent.IndexOf("Windows NT ", StringComparison.Ordinal);
        if (at < 0)
        {
            return userAgent.Contains("Windows 98", StringComparison.Ordinal) ? "98"
                : userAgent.Contains("Windows XP", StringComparison.Ordinal) ? "XP"
                : null;
        }

        var nt = userAgent[(at + "Windows NT ".Length)..];
        return nt switch
        {
            _ when nt.StartsWith("10.", StringComparison.Ordinal) => "10",
            _ when nt.StartsWith("6.3", StringComparison.Ordinal) => "8.1",
            _ when nt.StartsWith("6.2", StringComparison.Ordinal) => "8",
            _ when nt.StartsWith("6.1", StringComparison.Ordinal) => "7",
            _ when nt.StartsWith("6.0", StringComparison.Ordinal) => "Vista",
            _ when nt.StartsWith("5.1", StringComparison.Ordinal) || nt.StartsWith("5.2", StringComparison.Ordinal) => "XP",
            _ when nt.StartsWith("5.0", StringComparison.Ordinal) => "2000",
            _ => null,
        };
    }

    private readonly record struct Rule(string Family, VersionAt Version);
}
