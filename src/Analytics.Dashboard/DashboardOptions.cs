namespace Analytics.Dashboard;

/// <summary>Options of the page that <c>MapAnalyticsDashboard</c> maps.</summary>
public sealed class DashboardOptions
{
    /// <summary>
    /// Where the page finds the query API (<c>POST {ApiBase}/api/v2/query</c>, the realtime and sites routes): a path
    /// on this origin (<c>/stats</c>, when the host mapped <c>app.MapGroup("/stats").MapAnalyticsEndpoints()</c>) or an
    /// absolute http(s) URL of another origin. Null, the default, means the application's root (its path base).
    /// </summary>
    public string? ApiBase { get; set; }

    /// <summary>The page's title, shown in the browser's tab and the header. Default <c>Analytics</c>.</summary>
    public string Title { get; set; } = "Analytics";
}
