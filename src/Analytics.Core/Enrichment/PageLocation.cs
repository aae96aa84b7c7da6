namespace Analytics.Enrichment;

/// <summary>Where a page view happened, as read from the page address by <see cref="PageUrl.Parse"/>.</summary>
/// <param name="Host">The normalised host of an absolute address (see <see cref="Referrers.NormalizeHost"/>); null for a path.</param>
/// <param name="Path">The path, never empty (<c>/</c> at least), with the query and fragment only when asked for.</param>
/// <param name="Utm">The campaign tags of the query; <see cref="UtmParameters.None"/> when it has none.</param>
public readonly record struct PageLocation(string? Host, string Path, UtmParameters Utm);
