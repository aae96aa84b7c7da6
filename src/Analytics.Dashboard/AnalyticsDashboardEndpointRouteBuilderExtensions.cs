using Analytics.AspNetCore.Assets;
using Analytics.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the analytics dashboard.</summary>
public static class AnalyticsDashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard page at <paramref name="pattern"/> (and its script and style sheet beneath it). The page
    /// reads the query API only (<c>POST /api/v2/query</c>, the realtime and sites routes of
    /// <c>MapAnalyticsEndpoints</c>), with the browser's cookies and, when one was entered, a read key. Without an
    /// authorization requirement of the host's it answers local (loopback) requests only; chain
    /// <c>.RequireAuthorization("policy")</c> on the returned builder to open it to the users the policy admits.
    /// docs/dashboard.md.
    /// </summary>
    /// <param name="endpoints">The application or a route group.</param>
    /// <param name="pattern">The dashboard's path: <c>/analytics</c>, or <c>/</c> for an analytics-only host.</param>
    /// <param name="configure">Sets <see cref="DashboardOptions"/>, such as where the query API is.</param>
    /// <exception cref="ArgumentException"><see cref="DashboardOptions.ApiBase"/> is neither a path nor an http(s) URL.</exception>
    public static IEndpointConventionBuilder MapAnalyticsDashboard(
        this IEndpointRouteBuilder endpoints,
        string pattern = "/analytics",
        Action<DashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);

        var options = new DashboardOptions();
        configure?.Invoke(options);
        var page = new DashboardPage(options);

        var group = endpoints.MapGroup(pattern)
            .AddEndpointFilter<LocalRequestsOnlyFilter>()
            .ExcludeFromDescription();
        group.MapGet("/", page.Get);
        group.MapGet(DashboardAssets.ScriptPattern, (HttpContext context) => EmbeddedAssetResult.Create(context, DashboardAssets.Script));
        group.MapGet(DashboardAssets.StyleSheetPattern, (HttpContext context) => EmbeddedAssetResult.Create(context, DashboardAssets.StyleSheet));
        return group;
    }
}
