namespace Analytics.Enrichment;

/// <summary>What <see cref="BrowserSignatures"/> found in a user agent.</summary>
/// <param name="Family">The browser family, one of <see cref="Browsers"/>.</param>
/// <param name="Version">Its major version, or null.</param>
/// <param name="NamesBrowser">Whether the user agent names any browser or engine, ours or not.</param>
/// <param name="Plain">
/// Whether the user agent is exactly what that browser sends: engine tokens and the browser's own mark only, with no
/// product token or comment anyone else added.
/// </param>
internal readonly record struct BrowserMatch(string Family, string? Version, bool NamesBrowser, bool Plain);
