using Analytics.AspNetCore.Assets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Analytics.AspNetCore.Tracker;

/// <summary>
/// <c>GET /analytics.js</c>: the browser tracker, pre-compressed, with an ETag. <c>?v=</c> with the current version
/// is cached for a year as immutable; the plain URL for an hour, so a new version reaches pages that use it.
/// </summary>
internal static class TrackerScriptEndpoint
{
    /// <summary>The endpoint's name, for link generation (the tag helper's versioned URL).</summary>
    public const string Name = "Analytics_TrackerScript";

    public const string Pattern = "/analytics.js";

    public const string ContentType = "text/javascript; charset=utf-8";

    public static FileContentHttpResult Get(HttpContext context)
    {
        // Sites embed the script from another origin; this keeps it loadable on pages that require CORP.
        context.Response.Headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        return EmbeddedAssetResult.Create(context, TrackerScript.Instance);
    }
}
