namespace Analytics.Enrichment;

/// <summary>Reads version numbers out of a user agent without allocating for the common ones.</summary>
internal static class VersionText
{
    // Majors up to here come from a table, so a parse of a mainstream browser allocates no version string.
    private const int TabledMajors = 512;

    private static readonly string[] Majors = CreateMajors();

    /// <summary>The major version right after <paramref name="token"/> in <paramref name="userAgent"/>, or null.</summary>
    public static string? MajorAfter(ReadOnlySpan<char> userAgent, string token)
    {
        var at = userAgent.IndexOf(token, StringComparison.Ordinal);
        return at < 0 ? null : Major(userAgent[(at + token.Length)..]);
    }

    /// <summary>
    /// The major version at the start of <paramref name="text"/>, after at most one separator (<c>' '</c>, <c>'/'</c>,
    /// <c>':'</c>), or null when no digit follows.
    /// </summary>
    public static string? Major(ReadOnlySpan<char> text)
    {
        var digits = LeadingDigits(SkipSeparator(text));
        if (digits.IsEmpty)
        {
            return null;
        }

        return int.TryParse(digits, out var major) && major < TabledMajors ? Majors[major] : digits.ToString();
    }

    /// <summary>
    /// <c>major.minor</c> (or just <c>major</c>) at the start of <paramref name="text"/>; minor is separated by
    /// <c>'.'</c> or, as Apple writes it, <c>'_'</c>. Null when no digit follows.
    /// </summary>
    public static string? MajorMinor(ReadOnlySpan<char> text)
    {
        text = SkipSeparator(text);
        var major = LeadingDigits(text);
        if (major.IsEmpty)
        {
            return null;
        }

        var rest = text[major.Length..];
        var minor = rest.Length > 1 && (rest[0] == '.' || rest[0] == '_') ? LeadingDigits(rest[1..]) : default;
        return minor.IsEmpty ? Major(major) : string.Concat(major, ".", minor);
    }

    private static ReadOnlySpan<char> SkipSeparator(ReadOnlySpan<char> text) =>
        text.Length > 0 && text[0] is ' ' or '/' or ':' ? text[1..] : text;

    private static ReadOnlySpan<char> LeadingDigits(ReadOnlySpan<char> text)
    {
        var end = text.IndexOfAnyExceptInRange('0', '9');
        // Longer runs are build numbers or garbage, not versions.
        var length = end < 0 ? text.Length : end;
        return length is > 0 and <= 6 ? text[..length] : default;
    }

    private static string[] CreateMajors()
    {
        var majors = new string[TabledMajors];
        for (var i = 0; i < majors.Length; i++)
        {
            majors[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return majors;
    }
}
