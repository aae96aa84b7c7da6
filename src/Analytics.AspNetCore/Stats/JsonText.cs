using System.Text.Json;
using Analytics.Text;

namespace Analytics.AspNetCore.Stats;

/// <summary>Reading strings out of a client's JSON safely, and quoting its JSON back in messages.</summary>
internal static class JsonText
{
    /// <summary>The string, or null when <paramref name="element"/> is not one or holds text .NET cannot represent (a lone surrogate).</summary>
    public static string? StringOrNull(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The element as JSON text, cut short for an error message.</summary>
    public static string Shorten(JsonElement element)
    {
        return TextClip.Shorten(element.GetRawText(), 120);
    }
}
