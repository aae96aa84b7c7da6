using Analytics.AspNetCore.Assets;

namespace Analytics.Dashboard;

/// <summary>The dashboard's script and style sheet as the build embedded them (Dashboard/client).</summary>
internal static class DashboardAssets
{
    public const string ScriptPattern = "/dashboard.js";

    public const string StyleSheetPattern = "/dashboard.css";

    private const string BuiltBy = "the dashboard (Dashboard/client)";

    private static readonly Lazy<EmbeddedAsset> EmbeddedScript = new(
        () => EmbeddedAsset.Load(typeof(DashboardAssets).Assembly, "Analytics.Dashboard.dashboard.js", "text/javascript; charset=utf-8", BuiltBy));

    private static readonly Lazy<EmbeddedAsset> EmbeddedStyleSheet = new(
        () => EmbeddedAsset.Load(typeof(DashboardAssets).Assembly, "Analytics.Dashboard.dashboard.css", "text/css; charset=utf-8", BuiltBy));

    public static EmbeddedAsset Script => EmbeddedScript.Value;

    public static EmbeddedAsset StyleSheet => EmbeddedStyleSheet.Value;
}
