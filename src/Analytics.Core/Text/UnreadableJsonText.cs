using System.Text.Json;

namespace Analytics.Text;

/// <summary>
/// JSON whose structure is sound but whose text .NET cannot read: invalid UTF-8 inside a string or property name, or an
/// escaped unpaired surrogate (<c>"\ud800"</c>). System.Text.Json checks neither while reading tokens; it throws
/// <see cref="InvalidOperationException"/> only when the text is decoded (<c>GetString</c>, <c>ValueTextEquals</c> on
/// an escaped name, <c>JsonProperty.Name</c>), wherever that happens. Every reader of a client's JSON catches that
/// exception at its entry point and, when this check confirms the cause, refuses the body with 400 instead of a 500.
/// </summary>
internal static class UnreadableJsonText
{
    /// <summary>The message of the refusal.</summary>
    public const string Message =
        "The body holds text that is not valid UTF-8, or an escaped unpaired surrogate such as \\ud800; send valid UTF-8 JSON.";

    /// <summary>True when some property name or string in <paramref name="json"/> cannot be decoded to .NET text.</summary>
    public static bool IsIn(ReadOnlySpan<byte> json)
    {
        // Deeper than any reader of ours allows, so the check reaches whatever text the reader that threw reached.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 1024 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String)
                {
                    try
                    {
                        _ = reader.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        return true;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Malformed further on: only text before that point counts.
        }

        return false;
    }
}
