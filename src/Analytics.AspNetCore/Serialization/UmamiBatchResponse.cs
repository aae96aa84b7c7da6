using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>The answer to <c>POST /api/batch</c>, in Umami's shape.</summary>
/// <param name="Size">Items in the batch.</param>
/// <param name="Processed">Items taken: events committed, bots' events dropped, identify calls answered.</param>
/// <param name="Errors">Items refused.</param>
/// <param name="Details">Each refused item, by index, with what a single send would have answered.</param>
internal sealed record UmamiBatchResponse(
    [property: JsonPropertyName("size")] int Size,
    [property: JsonPropertyName("processed")] int Processed,
    [property: JsonPropertyName("errors")] int Errors,
    [property: JsonPropertyName("details")] IReadOnlyList<UmamiBatchFailure> Details);
