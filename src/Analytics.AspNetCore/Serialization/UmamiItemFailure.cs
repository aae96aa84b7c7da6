using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>Why an item of <c>POST /api/batch</c> was refused.</summary>
/// <param name="Status">The status a single send would have had (400).</param>
/// <param name="Errors">Problems by field.</param>
internal sealed record UmamiItemFailure(
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("errors")] IReadOnlyDictionary<string, string[]> Errors);
