namespace Analytics.UserAgentAccuracy;

/// <summary>One corpus case: a user agent and the family (and major version, if any) the corpus assigns it.</summary>
internal sealed record LabelledUserAgent(string UserAgent, string Family, string? Major);
