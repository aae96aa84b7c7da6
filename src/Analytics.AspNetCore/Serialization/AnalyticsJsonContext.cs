using System.Text.Encodings.Web;
using System.Text.Json;
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
[JsonSerializable(typeof(StatsResponse))]
[JsonSerializable(typeof(SitesResponse))]
[JsonSerializable(typeof(UmamiSendResponse))]
[JsonSerializable(typeof(UmamiBotResponse))]
[JsonSerializable(typeof(UmamiBatchResponse))]
// The runtime types of metric values (StatsRow.Metrics is object?[]).
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
internal sealed partial class AnalyticsJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The same types, escaping only what JSON requires, so offsets read <c>+01:00</c> rather than <c>\u002B01:00</c>
    /// and echoed filters read as sent. Answers are application/json, never embedded in HTML.
    /// </summary>
    public static AnalyticsJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
