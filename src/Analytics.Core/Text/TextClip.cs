namespace Analytics.Text;

/// <summary>
/// Cuts text to a length in UTF-16 code units without splitting a surrogate pair, so that a cut field is still valid
/// text: a store that encodes it (PostgreSQL's UTF-8) would otherwise refuse the whole event.
/// </summary>
internal static class TextClip
{
    /// <summary>The longest prefix of <paramref name="value"/> of at most <paramref name="maxLength"/> code units that ends on a whole character.</summary>
    public static ReadOnlySpan<char> Prefix(ReadOnlySpan<char> value, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (value.Length <= maxLength)
        {
            return value;
        }

        return maxLength > 0 && char.IsHighSurrogate(value[maxLength - 1]) && char.IsLowSurrogate(value[maxLength])
            ? value[..(maxLength - 1)]
            : value[..maxLength];
    }

    /// <summary>As <see cref="Prefix(ReadOnlySpan{char}, int)"/>, returning <paramref name="value"/> itself when it is short enough.</summary>
    public static string Prefix(string value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= maxLength ? value : Prefix(value.AsSpan(), maxLength).ToString();
    }

    /// <summary>The value cut to <paramref name="maxLength"/> with an ellipsis when it was longer, for messages.</summary>
    public static string Shorten(string value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= maxLength ? value : string.Concat(Prefix(value.AsSpan(), maxLength), "…");
    }
}
