using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>One refused item of <c>POST /api/batch</c>.</summary>
/// <param name="Index">The item's position in the batch, from 0.</param>
/// <param name="Response">The status and problems by field that <c>POST /api/send</c> would have answered.</param>
internal sealed record UmamiBatchFailure(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("response")] UmamiItemFailure Response);
