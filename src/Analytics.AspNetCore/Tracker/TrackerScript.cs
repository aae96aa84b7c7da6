using Analytics.AspNetCore.Assets;

namespace Analytics.AspNetCore.Tracker;

/// <summary>The browser tracker as the build embedded it (Tracker/client).</summary>
internal static class TrackerScript
{
    private static readonly Lazy<EmbeddedAsset> Embedded = new(
        () => EmbeddedAsset.Load(typeof(TrackerScript).Assembly, "Analytics.Tracker.analytics.js", TrackerScriptEndpoint.ContentType, "the tracker (Tracker/client)"));

    /// <summary>The script embedded in this assembly.</summary>
    public static EmbeddedAsset Instance => Embedded.Value;
}
