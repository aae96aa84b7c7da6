using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>The answer to an item of Umami's collect API, in Umami's shape.</summary>
/// <param name="Cache">Our opaque token; a client may send it back in <c>x-umami-cache</c>.</param>
/// <param name="SessionId">The visitor (its 16 hex digits), or null when there is none.</param>
/// <param name="VisitId">The visit (session) the event joined, or null.</param>
internal sealed record UmamiSendResponse(
    [property: JsonPropertyName("cache")] string Cache,
    [property: JsonPropertyName("sessionId")] string? SessionId,
    [property: JsonPropertyName("visitId")] string? VisitId);
