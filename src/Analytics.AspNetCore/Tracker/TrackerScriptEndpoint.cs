using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

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

    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";

    public const string ShortCacheControl = "public, max-age=3600";

    public static FileContentHttpResult Get(HttpContext context)
    {
        var script = TrackerScript.Instance;
        var (content, encoding) = ChooseEncoding(context.Request, script);

        var headers = context.Response.Headers;
        headers.CacheControl = string.Equals(context.Request.Query["v"], script.Version, StringComparison.Ordinal)
            ? ImmutableCacheControl
            : ShortCacheControl;
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.XContentTypeOptions = "nosniff";
        // Sites embed the script from another origin; this keeps it loadable on pages that require CORP.
        headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }

        // Each encoding is its own representation, so its own strong ETag. The result answers If-None-Match with 304.
        var etag = new EntityTagHeaderValue($"\"{script.Version}{(encoding is null ? "" : "-" + encoding)}\"");
        return TypedResults.File(content, ContentType, entityTag: etag);
    }

    private static (byte[] Content, string? Encoding) ChooseEncoding(HttpRequest request, TrackerScript script)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var accepted))
        {
            return (script.Identity, null);
        }

        if (Accepts(accepted, "br"))
        {
            return (script.Brotli, "br");
        }

        return Accepts(accepted, "gzip") ? (script.Gzip, "gzip") : (script.Identity, null);
    }

    private static bool Accepts(IList<StringWithQualityHeaderValue> accepted, string coding) =>
        accepted.Any(value => value.Value.Equals(coding, StringComparison.OrdinalIgnoreCase) && (value.Quality ?? 1) > 0);
}
