using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Analytics.AspNetCore.Assets;

/// <summary>
/// Answers a request for an <see cref="EmbeddedAsset"/>: the best pre-compressed representation the client accepts, a
/// strong ETag per representation (so If-None-Match gets 304), and a year of immutable caching when the request names
/// the current version in <c>?v=</c>, an hour otherwise, so a new version reaches pages that use the plain URL.
/// </summary>
internal static class EmbeddedAssetResult
{
    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";

    public const string ShortCacheControl = "public, max-age=3600";

    public static FileContentHttpResult Create(HttpContext context, EmbeddedAsset asset)
    {
        var (content, encoding) = ChooseEncoding(context.Request, asset);

        var headers = context.Response.Headers;
        headers.CacheControl = string.Equals(context.Request.Query["v"], asset.Version, StringComparison.Ordinal)
            ? ImmutableCacheControl
            : ShortCacheControl;
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.XContentTypeOptions = "nosniff";
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }

        var etag = new EntityTagHeaderValue($"\"{asset.Version}{(encoding is null ? "" : "-" + encoding)}\"");
        return TypedResults.File(content, asset.ContentType, entityTag: etag);
    }

    private static (byte[] Content, string? Encoding) ChooseEncoding(HttpRequest request, EmbeddedAsset asset)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var accepted))
        {
            return (asset.Identity, null);
        }

        if (Accepts(accepted, "br"))
        {
            return (asset.Brotli, "br");
        }

        return Accepts(accepted, "gzip") ? (asset.Gzip, "gzip") : (asset.Identity, null);
    }

    private static bool Accepts(IList<StringWithQualityHeaderValue> accepted, string coding) =>
        accepted.Any(value => value.Value.Equals(coding, StringComparison.OrdinalIgnoreCase) && (value.Quality ?? 1) > 0);
}
