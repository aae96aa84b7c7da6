namespace Analytics.Enrichment;

/// <summary>Finds the operating system a user agent names. Order matters: many user agents name more than one.</summary>
internal static class OperatingSystemSignatures
{
    /// <summary>The operating-system family (one of <see cref="OperatingSystems"/>) and its version, if given.</summary>
    public static (string Family, string? Version) Detect(ReadOnlySpan<char> userAgent)
    {
        var windows = userAgent.IndexOf("Windows", StringComparison.Ordinal);

        // Windows Phone and Windows Mobile also claim Android and iPhone to get mobile sites; neither is one of ours.
        if (windows >= 0 && userAgent[windows..].StartsWith("Windows Phone", StringComparison.Ordinal)
            || Has(userAgent, "Windows Mobile") || Has(userAgent, "Windows CE") || Has(userAgent, "WPDesktop"))
        {
            return (OperatingSystems.Other, null);
        }

        // Huawei's and Samsung's systems say "Android" or "Linux" for compatibility, then name themselves.
        var at = userAgent.IndexOf("HarmonyOS", StringComparison.Ordinal);
        if (at >= 0 || (at = userAgent.IndexOf("OpenHarmony", StringComparison.Ordinal)) >= 0)
        {
            return (OperatingSystems.HarmonyOS, VersionAfterWord(userAgent[at..]));
        }

        if ((at = userAgent.IndexOf("KAIOS", StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            return (OperatingSystems.KaiOS, VersionAfterWord(userAgent[at..]));
        }

        if ((at = userAgent.IndexOf("Tizen", StringComparison.Ordinal)) >= 0)
        {
            return (OperatingSystems.Tizen, VersionAfterWord(userAgent[at..]));
        }

        if ((at = userAgent.IndexOf("Android", StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            return (OperatingSystems.Android, VersionText.MajorMinor(userAgent[(at + "Android".Length)..]));
        }

        // UC Browser abbreviates Android; Amazon's Silk runs only on Fire OS (an Android), even when it asks for a Mac site.
        if ((at = userAgent.IndexOf("Adr ", StringComparison.Ordinal)) >= 0)
        {
            return (OperatingSystems.Android, VersionText.MajorMinor(userAgent[(at + "Adr".Length)..]));
        }

        if (Has(userAgent, "Silk/"))
        {
            return (OperatingSystems.Android, null);
        }

        // Apple TV and Apple Watch borrow iOS wording ("CPU OS", "like Mac OS X") but are not phones or Macs.
        if (Has(userAgent, "AppleTV") || Has(userAgent, "Apple TV") || Has(userAgent, "tvOS") || Has(userAgent, "watchOS"))
        {
            return (OperatingSystems.Other, null);
        }

        // "iOS" also catches CriOS, FxiOS, EdgiOS and OPiOS, which stay iOS even when they ask for the desktop (Mac) site.
        if (Has(userAgent, "iPhone") || Has(userAgent, "iPad") || Has(userAgent, "iPod") || Has(userAgent, "iOS")
            || Has(userAgent, "iPh OS"))
        {
            return (OperatingSystems.IOS, IosVersion(userAgent));
        }

        if (Has(userAgent, "CrOS"))
        {
            return (OperatingSystems.ChromeOS, null);
        }

        if ((at = userAgent.IndexOf("Mac OS X", StringComparison.Ordinal)) >= 0)
        {
            return (OperatingSystems.MacOS, VersionText.MajorMinor(userAgent[(at + "Mac OS X".Length)..]));
        }

        if (Has(userAgent, "Macintosh") || Has(userAgent, "Mac_PowerPC") || Has(userAgent, "Mac OS"))
        {
            return (OperatingSystems.MacOS, null);
        }

        // Apps on Apple systems send "CFNetwork/… Darwin/…"; only Macs add their architecture or model.
        if (Has(userAgent, "Darwin/"))
        {
            var mac = Has(userAgent, "x86_64") || Has(userAgent, "i386") || Has(userAgent, "Mac");
            return (mac ? OperatingSystems.MacOS : OperatingSystems.IOS, null);
        }

        if (windows >= 0)
        {
            return (OperatingSystems.Windows, WindowsVersion(userAgent[windows..]));
        }

        if (Has(userAgent, "Win64") || Has(userAgent, "Win32") || Has(userAgent, "WinNT") || Has(userAgent, "Win9"))
        {
            return (OperatingSystems.Windows, null);
        }

        if (Has(userAgent, "BSD") || Has(userAgent, "SunOS"))
        {
            return (OperatingSystems.Other, null);
        }

        if (userAgent.Contains("Linux", StringComparison.OrdinalIgnoreCase) || Has(userAgent, "X11") || Has(userAgent, "Ubuntu"))
        {
            return (OperatingSystems.Linux, null);
        }

        return (OperatingSystems.Other, null);
    }

    private static bool Has(ReadOnlySpan<char> userAgent, string token) => userAgent.Contains(token, StringComparison.Ordinal);

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

    // Windows names its kernel version; people know the product name.
    private static string? WindowsVersion(ReadOnlySpan<char> fromWindows)
    {
        if (!fromWindows.StartsWith("Windows NT ", StringComparison.Ordinal))
        {
            return fromWindows.StartsWith("Windows 98", StringComparison.Ordinal) ? "98"
                : fromWindows.StartsWith("Windows XP", StringComparison.Ordinal) ? "XP"
                : null;
        }

        var nt = fromWindows["Windows NT ".Length..];
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
}
