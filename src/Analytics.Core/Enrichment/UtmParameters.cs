namespace Analytics.Enrichment;

/// <summary>
/// The campaign tags of a page address (<c>utm_source</c>, <c>utm_medium</c>, <c>utm_campaign</c>, <c>utm_term</c>,
/// <c>utm_content</c>), as read by <see cref="PageUrl.Parse"/>: decoded, trimmed, at most
/// <see cref="MaxLength"/> characters each, and null when absent or empty.
/// </summary>
/// <param name="Source">Who sent the visitor (<c>google</c>, <c>newsletter</c>).</param>
/// <param name="Medium">How (<c>cpc</c>, <c>email</c>, <c>social</c>).</param>
/// <param name="Campaign">The campaign's name.</param>
/// <param name="Term">The paid search term.</param>
/// <param name="Content">Which link or ad of the campaign.</param>
public sealed record UtmParameters(string? Source, string? Medium, string? Campaign, string? Term, string? Content)
{
    /// <summary>The longest value kept, in characters; longer values are cut.</summary>
    public const int MaxLength = 256;

    /// <summary>No campaign tags; one shared instance, so pages without tags cost no allocation.</summary>
    public static UtmParameters None { get; } = new(null, null, null, null, null);

    /// <summary>True when no tag has a value.</summary>
    public bool IsEmpty => Source is null && Medium is null && Campaign is null && Term is null && Content is null;
}
