using System.Buffers;
using Analytics.Text;

namespace Analytics.Enrichment;

/// <summary>
/// Splits the page of a page view, a full address or a path, into host, path and campaign tags. Span-based, no
/// regular expressions; it never throws on any string, and allocates nothing it can avoid.
/// </summary>
public static class PageUrl
{
    // Values this long or shorter are decoded on the stack.
    private const int StackDecodeLength = 256;

    // What makes a tag's value need more than a copy: escapes, '+' for a space, and control characters.
    private static readonly SearchValues<char> NeedsDecoding = SearchValues.Create(
        [.. Enumerable.Range(0, 0xA0).Select(i => (char)i).Where(c => c is '%' or '+' || char.IsControl(c))]);

    /// <summary>
    /// Reads <paramref name="page"/>. An absolute <c>http</c>, <c>https</c> or protocol-relative (<c>//host/…</c>)
    /// address gives its host, normalised as <see cref="Referrers.NormalizeHost"/> does, and its path; anything else
    /// is taken as a path, with no host. The path keeps its percent-encoding, loses the query and fragment unless
    /// asked to keep them, and is <c>/</c> when empty. The campaign tags come from the query in either case.
    /// </summary>
    /// <param name="page">The page as the client sent it.</param>
    /// <param name="keepQuery">Keep <c>?query</c> in <see cref="PageLocation.Path"/>.</param>
    /// <param name="keepFragment">Keep <c>#fragment</c> in <see cref="PageLocation.Path"/>.</param>
    public static PageLocation Parse(string page, bool keepQuery = false, bool keepFragment = false)
    {
        ArgumentNullException.ThrowIfNull(page);

        string? host = null;
        var pathStart = AuthorityStart(page);
        if (pathStart > 0)
        {
            var authorityEnd = page.AsSpan(pathStart).IndexOfAny(Referrers.AuthorityEnds);
            var authority = authorityEnd < 0 ? page.AsSpan(pathStart) : page.AsSpan(pathStart, authorityEnd);
            host = Referrers.HostString(authority, whole: null);
            pathStart += authority.Length;
        }

        var rest = page.AsSpan(pathStart);
        var fragmentAt = rest.IndexOf('#');
        var beforeFragment = fragmentAt < 0 ? rest : rest[..fragmentAt];
        var queryAt = beforeFragment.IndexOf('?');
        var query = queryAt < 0 ? default : beforeFragment[queryAt..];
        var fragment = fragmentAt < 0 ? default : rest[fragmentAt..];

        var keptQuery = keepQuery ? query : default;
        var keptFragment = keepFragment ? fragment : default;
        var path = PathOf(page, pathStart, beforeFragment[..(queryAt < 0 ? beforeFragment.Length : queryAt)], keptQuery,
            keptFragment, adjacent: keptFragment.IsEmpty || keptQuery.Length == query.Length);
        return new PageLocation(host, path, ReadUtm(query.IsEmpty ? default : query[1..]));
    }

    // Where the host starts in an absolute or protocol-relative address; 0 for a path.
    private static int AuthorityStart(string page) =>
        page.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "http://".Length
        : page.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "https://".Length
        : page.StartsWith("//", StringComparison.Ordinal) ? "//".Length
        : 0;

    // The path with what is kept of the query and fragment, which are adjacent unless a dropped query stood between.
    // When that is all of the page, it is the page itself.
    private static string PathOf(string page, int pathStart, ReadOnlySpan<char> path, ReadOnlySpan<char> query,
        ReadOnlySpan<char> fragment, bool adjacent)
    {
        var length = path.Length + query.Length + fragment.Length;
        if (path.IsEmpty || !adjacent)
        {
            return length == 0 ? "/" : string.Concat(path.IsEmpty ? "/" : path, query, fragment);
        }

        return pathStart == 0 && length == page.Length ? page
            : length == 1 && path[0] == '/' ? "/"
            : page.Substring(pathStart, length);
    }

    // The campaign tags of a query (without its '?').
    private static UtmParameters ReadUtm(ReadOnlySpan<char> query)
    {
        if (query.IndexOf("utm_", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return UtmParameters.None;
        }

        string? source = null, medium = null, campaign = null, term = null, content = null;
        var seen = 0;
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            var equals = pair.IndexOf('=');
            var tag = TagOf(equals < 0 ? pair : pair[..equals]);
            if (tag < 0 || (seen & (1 << tag)) != 0)
            {
                continue;
            }

            // The first occurrence of a tag wins, even when it is empty.
            seen |= 1 << tag;
            var value = equals < 0 ? null : Decode(pair[(equals + 1)..]);
            switch (tag)
            {
                case 0: source = value; break;
                case 1: medium = value; break;
                case 2: campaign = value; break;
                case 3: term = value; break;
                default: content = value; break;
            }
        }

        return source is null && medium is null && campaign is null && term is null && content is null
            ? UtmParameters.None
            : new UtmParameters(source, medium, campaign, term, content);
    }

    // 0 to 4 for utm_source, utm_medium, utm_campaign, utm_term and utm_content, in any case; -1 for anything else.
    private static int TagOf(ReadOnlySpan<char> key)
    {
        if (!key.StartsWith("utm_", StringComparison.OrdinalIgnoreCase))
        {
            return -1;
        }

        var name = key[4..];
        return name.Equals("source", StringComparison.OrdinalIgnoreCase) ? 0
            : name.Equals("medium", StringComparison.OrdinalIgnoreCase) ? 1
            : name.Equals("campaign", StringComparison.OrdinalIgnoreCase) ? 2
            : name.Equals("term", StringComparison.OrdinalIgnoreCase) ? 3
            : name.Equals("content", StringComparison.OrdinalIgnoreCase) ? 4
            : -1;
    }

    // Form decoding: '+' is a space, %XX escapes of UTF-8 are decoded, and escapes that are not valid stay as they
    // are. Control characters become spaces: PostgreSQL text cannot hold the NUL that "%00" would give.
    private static string? Decode(ReadOnlySpan<char> raw)
    {
        if (raw.IndexOfAny(NeedsDecoding) < 0)
        {
            return Finish(raw);
        }

        char[]? rented = null;
        Span<char> buffer = raw.Length <= StackDecodeLength
            ? stackalloc char[2 * StackDecodeLength]
            : rented = ArrayPool<char>.Shared.Rent(2 * raw.Length);
        var spaced = buffer[..raw.Length];
        raw.Replace(spaced, '+', ' ');
        var decoded = buffer.Slice(raw.Length, raw.Length);
        if (!Uri.TryUnescapeDataString(spaced, decoded, out var written))
        {
            // Cannot happen (unescaping never lengthens); keep the text undecoded rather than fail.
            spaced.CopyTo(decoded);
            written = spaced.Length;
        }

        decoded = decoded[..written];
        foreach (ref var c in decoded)
        {
            if (char.IsControl(c))
            {
                c = ' ';
            }
        }

        var value = Finish(decoded);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return value;
    }

    // Trimmed, null when empty, and cut to the longest kept length without splitting a surrogate pair.
    private static string? Finish(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.Length > UtmParameters.MaxLength)
        {
            value = TextClip.Prefix(value, UtmParameters.MaxLength).TrimEnd();
        }

        return value.IsEmpty ? null : value.ToString();
    }
}
