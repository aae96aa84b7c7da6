using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>Umami's answer to a bot, whose event is dropped: <c>{"beep": "boop"}</c>.</summary>
/// <param name="Beep">Always <c>boop</c>.</param>
internal sealed record UmamiBotResponse([property: JsonPropertyName("beep")] string Beep)
{
    public static UmamiBotResponse Instance { get; } = new("boop");
}
