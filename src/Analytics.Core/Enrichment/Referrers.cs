using System.Buffers;
using Analytics.Text;

namespace Analytics.Enrichment;

/// <summary>
/// Reads the host out of what a client sends as its referrer, and decides where a visit came from: search, social,
/// email, another site, or nowhere (direct). Span-based and driven by one table of hosts and campaign names, no
/// regular expressions; a listed host costs no allocation.
/// </summary>
public static class Referrers
{
    /// <summary>The longest host returned, in characters: the longest a DNS name can be.</summary>
    public const int MaxHostLength = 253;

    /// <summary>What ends the host part of an address; browsers read a backslash as a slash in web addresses.</summary>
    internal static readonly SearchValues<char> AuthorityEnds = SearchValues.Create(@"/?#\");

    private static readonly SearchValues<char> SchemeChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

    /// <summary>
    /// The host of <paramref name="referrer"/>: a full URL (<c>https://www.google.com/search?q=x</c>), a bare host
    /// (<c>www.Example.com:8080/page</c>), an app referrer (<c>android-app://com.google.android.gm/</c>) or anything
    /// else. The answer is lowercase, without scheme, user info, port, path, query, fragment, trailing dot, IPv6
    /// brackets or a leading <c>www.</c> label, and at most <see cref="MaxHostLength"/> characters; null when no host
    /// is left.
    /// </summary>
    public static string? NormalizeHost(string? referrer) =>
        referrer is null ? null : HostString(referrer, referrer);

    /// <summary>
    /// Which of <see cref="TrafficSources"/> a visit belongs to. Campaign tags decide first: a known
    /// <c>utm_medium</c>, else <c>utm_source</c> (a known name or host gives its class, any other
    /// <see cref="TrafficSources.Referral"/>). Without tags the referrer decides: none, or the site's own host, is
    /// <see cref="TrafficSources.Direct"/>; a listed host gives its class; any other is
    /// <see cref="TrafficSources.Referral"/>.
    /// </summary>
    /// <param name="referrerHost">The referrer, best already normalised by <see cref="NormalizeHost(string?)"/>; a full URL works too.</param>
    /// <param name="siteHost">The site's own host, with or without <c>www.</c>; null when not known.</param>
    /// <param name="utm">The page's campaign tags, from <see cref="PageUrl.Parse"/>.</param>
    public static string Classify(string? referrerHost, string? siteHost, UtmParameters utm)
    {
        ArgumentNullException.ThrowIfNull(utm);

        if (utm.Medium is { } medium && TrafficSourceSignatures.OfMedium(medium) is { } byMedium)
        {
            return byMedium;
        }

        Span<char> buffer = stackalloc char[MaxHostLength];
        if (!string.IsNullOrWhiteSpace(utm.Source))
        {
            return TrafficSourceSignatures.OfName(utm.Source)
                ?? TrafficSourceSignatures.OfHost(buffer[..WriteHost(utm.Source, buffer)])
                ?? TrafficSources.Referral;
        }

        var referrer = buffer[..WriteHost(referrerHost, buffer)];
        if (referrer.IsEmpty)
        {
            return TrafficSources.Direct;
        }

        Span<char> site = stackalloc char[MaxHostLength];
        if (referrer.SequenceEqual(site[..WriteHost(siteHost, site)]))
        {
            return TrafficSources.Direct;
        }

        return TrafficSourceSignatures.OfHost(referrer) ?? TrafficSources.Referral;
    }

    /// <summary>
    /// <see cref="NormalizeHost(string?)"/> for a span. Returns <paramref name="whole"/> itself when it is the host
    /// already, and the table's own string for a listed host, so neither allocates.
    /// </summary>
    internal static string? HostString(ReadOnlySpan<char> text, string? whole)
    {
        Span<char> buffer = stackalloc char[MaxHostLength];
        var host = buffer[..WriteHost(text, buffer)];
        if (host.IsEmpty)
        {
            return null;
        }

        if (whole is not null && host.SequenceEqual(whole))
        {
            return whole;
        }

        return TrafficSourceSignatures.ListedHost(host) ?? host.ToString();
    }

    /// <summary>Writes the normalised host of <paramref name="text"/> into <paramref name="destination"/> and returns its length (0: none).</summary>
    /// <param name="text">A referrer, URL, authority or host.</param>
    /// <param name="destination">At least <see cref="MaxHostLength"/> characters.</param>
    internal static int WriteHost(ReadOnlySpan<char> text, Span<char> destination)
    {
        var host = HostSpan(text);
        return host.IsEmpty ? 0 : host.ToLowerInvariant(destination);
    }

    // The host as it stands in the text, case unchanged: every step only narrows the span.
    private static ReadOnlySpan<char> HostSpan(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0 && IsScheme(text[..schemeEnd]))
        {
            text = text[(schemeEnd + 3)..];
        }
        else if (text.StartsWith("//", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        var authorityEnd = text.IndexOfAny(AuthorityEnds);
        var host = authorityEnd < 0 ? text : text[..authorityEnd];
        host = host[(host.LastIndexOf('@') + 1)..];
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            host = close < 0 ? host[1..] : host[1..close];
        }
        else if (host.IndexOf(':') is var colon and >= 0)
        {
            host = host[..colon];
        }

        host = host.Trim().TrimEnd('.');
        if (host.Length > 4 && host.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            host = host[4..];
        }

        return host.Length > MaxHostLength ? TextClip.Prefix(host, MaxHostLength).TrimEnd('.') : host;
    }

    // RFC 3986: a letter, then letters, digits, '+', '-' or '.'. Anything else before "://" is part of a path or query.
    private static bool IsScheme(ReadOnlySpan<char> text) =>
        char.IsAsciiLetter(text[0]) && !text.ContainsAnyExcept(SchemeChars);
}
