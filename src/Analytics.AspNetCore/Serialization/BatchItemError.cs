using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>Why one item of a batch was refused.</summary>
/// <param name="Index">The item's position in the batch, from 0.</param>
/// <param name="Errors">Problems by field name.</param>
internal sealed record BatchItemError(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("errors")] IReadOnlyDictionary<string, string[]> Errors);
