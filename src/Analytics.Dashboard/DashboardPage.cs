using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Analytics.Dashboard;

/// <summary>
/// The dashboard's HTML: an empty shell that loads the versioned script and style sheet and tells the script where the
/// query API is in a data attribute, so nothing inline is needed and a strict Content-Security-Policy is sent with it.
/// </summary>
internal sealed class DashboardPage(DashboardOptions options)
{
    private readonly string? _apiBase = NormalizeApiBase(options.ApiBase);
    private readonly string _title = string.IsNullOrWhiteSpace(options.Title) ? "Analytics" : options.Title;
    private readonly string _connectSources = ConnectSources(options.ApiBase);

    public ContentHttpResult Get(HttpContext context)
    {
        var request = context.Request;
        // The page's own path is the dashboard's root, wherever the host mapped it (a group, a path base).
        var root = (request.PathBase + request.Path).Value?.TrimEnd('/') ?? "";
        var apiBase = _apiBase ?? request.PathBase.Value ?? "";

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src {_connectSources}; " +
            "base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";

        var html = $"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <link rel="icon" href="data:,">
            <title>{WebUtility.HtmlEncode(_title)}</title>
            <link rel="stylesheet" href="{WebUtility.HtmlEncode(root + DashboardAssets.StyleSheetPattern)}?v={DashboardAssets.StyleSheet.Version}">
            <script defer src="{WebUtility.HtmlEncode(root + DashboardAssets.ScriptPattern)}?v={DashboardAssets.Script.Version}"></script>
            </head>
            <body data-api-base="{WebUtility.HtmlEncode(apiBase)}" data-title="{WebUtility.HtmlEncode(_title)}">
            <noscript>The analytics dashboard needs JavaScript.</noscript>
            </body>
            </html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>Null for the default (the application's root); else the base without its trailing slash.</summary>
    internal static string? NormalizeApiBase(string? apiBase)
    {
        if (apiBase is null)
        {
            return null;
        }

        if (apiBase.Length == 0 || apiBase[0] == '/' && (apiBase.Length == 1 || apiBase[1] != '/'))
        {
            return apiBase.TrimEnd('/');
        }

        if (Uri.TryCreate(apiBase, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment))
        {
            return apiBase.TrimEnd('/');
        }

        throw new ArgumentException(
            $"DashboardOptions.ApiBase must be a path on this origin (\"/stats\") or an absolute http(s) URL without query; got \"{apiBase}\".",
            nameof(apiBase));
    }

    private static string ConnectSources(string? apiBase) =>
        NormalizeApiBase(apiBase) is { } normalized && Uri.TryCreate(normalized, UriKind.Absolute, out var uri) && normalized[0] != '/'
            ? "'self' " + uri.GetLeftPart(UriPartial.Authority)
            : "'self'";
}
