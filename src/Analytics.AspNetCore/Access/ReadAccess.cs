using Microsoft.AspNetCore.Http;

namespace Analytics.AspNetCore.Access;

/// <summary>
/// The site a request's read key is limited to, set by <see cref="ReadAccessFilter"/>. Absent when the request reads
/// without a key (anonymous reads allowed, or the host's own authorization): every site then.
/// </summary>
internal sealed class ReadAccess
{
    public ReadAccess(string site)
    {
        Site = site;
    }

    /// <summary>The one site the key may read.</summary>
    public string Site { get; }

    /// <summary>Whether the request may read <paramref name="site"/> (a normalized domain); null asks for every site.</summary>
    public static bool Allows(HttpContext context, string? site) =>
        context.Features.Get<ReadAccess>() is not { } access || string.Equals(access.Site, site, StringComparison.Ordinal);
}
