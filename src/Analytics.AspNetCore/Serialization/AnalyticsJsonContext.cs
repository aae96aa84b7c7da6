using System.Text.Json.Serialization;
using Analytics.Events;
using Analytics.Querying;

namespace Analytics.AspNetCore.Serialization;

/// <summary>
/// Source-generated JSON for our responses. Handlers pass it explicitly, so the host's JSON settings are neither
/// needed nor changed, and the seed's snake_case names hold whatever naming policy the host uses.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AnalyticsEvent))]
[JsonSerializable(typeof(IReadOnlyList<AggregateRow>))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(BatchResponse))]
internal sealed partial class AnalyticsJsonContext : JsonSerializerContext;
