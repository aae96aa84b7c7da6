namespace Analytics.Enrichment;

/// <summary>The operating-system family labels that enrichment stores.</summary>
public static class OperatingSystems
{
    /// <summary>Microsoft Windows on PCs (not Windows Phone).</summary>
    public const string Windows = "Windows";

    /// <summary>Apple macOS.</summary>
    public const string MacOS = "macOS";

    /// <summary>Apple iOS, including iPadOS and iPod.</summary>
    public const string IOS = "iOS";

    /// <summary>Google Android, including Amazon's Fire OS.</summary>
    public const string Android = "Android";

    /// <summary>Desktop Linux distributions.</summary>
    public const string Linux = "Linux";

    /// <summary>Google ChromeOS.</summary>
    public const string ChromeOS = "ChromeOS";

    /// <summary>Samsung's Tizen (TVs, watches, a few phones).</summary>
    public const string Tizen = "Tizen";

    /// <summary>Huawei's HarmonyOS and OpenHarmony.</summary>
    public const string HarmonyOS = "HarmonyOS";

    /// <summary>KaiOS on feature phones.</summary>
    public const string KaiOS = "KaiOS";

    /// <summary>Anything not recognised, and a missing user agent.</summary>
    public const string Other = "Other";
}
