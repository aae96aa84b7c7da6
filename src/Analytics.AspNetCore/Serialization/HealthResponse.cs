using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>The body of <c>GET /health</c>: <c>{"status":"ok"}</c> or <c>{"status":"unhealthy"}</c>.</summary>
internal sealed record HealthResponse([property: JsonPropertyName("status")] string Status);
