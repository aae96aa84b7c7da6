namespace Analytics.Sites;

/// <summary>A site's name as stored and queried: its domain, lowercase, without <c>www.</c>, a port or a trailing dot.</summary>
public static class SiteDomain
{
    /// <summary>
    /// The normalized domain, or null when <paramref name="value"/> is not one: empty, longer than
    /// <see cref="Events.EventLimits.MaxSiteLength"/>, or holding white space, control characters, or any of
    /// <c>/ ? # @ \ "</c>.
    /// </summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var site = value.Trim().ToLowerInvariant();
        if (site.StartsWith("www.", StringComparison.Ordinal))
        {
            site = site[4..];
        }

        var colon = site.LastIndexOf(':');
        if (colon > 0 && site.IndexOf(':') == colon && site.AsSpan(colon + 1).IndexOfAnyExceptInRange('0', '9') < 0)
        {
            site = site[..colon];
        }

        site = site.TrimEnd('.');
        if (site.Length is 0 or > Events.EventLimits.MaxSiteLength)
        {
            return null;
        }

        foreach (var c in site)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '?' or '#' or '@' or '\\' or '"')
            {
                return null;
            }
        }

        return site;
    }
}
