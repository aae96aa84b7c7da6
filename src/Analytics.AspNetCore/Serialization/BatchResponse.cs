using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>The answer to <c>POST /api/events/batch</c>: how many events were taken, and why the others were not.</summary>
/// <param name="Accepted">Events stored (or queued, when acknowledging before commit).</param>
/// <param name="Rejected">Events refused.</param>
/// <param name="Ids">For each item in order, the stored event's id, or null when it was refused.</param>
/// <param name="Errors">For each refused item, its index and its problems by field.</param>
internal sealed record BatchResponse(
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("rejected")] int Rejected,
    [property: JsonPropertyName("ids")] IReadOnlyList<Guid?> Ids,
    [property: JsonPropertyName("errors")] IReadOnlyList<BatchItemError> Errors);
