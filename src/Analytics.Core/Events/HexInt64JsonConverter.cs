using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analytics.Events;

/// <summary>Writes a 64-bit identifier as 16 lowercase hex digits, and reads it back.</summary>
public sealed class HexInt64JsonConverter : JsonConverter<long?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String
            && reader.ValueSpan.Length == 16
            && Utf8Parser.TryParse(reader.ValueSpan, out ulong value, out var consumed, 'x')
            && consumed == 16)
        {
            return unchecked((long)value);
        }

        throw new JsonException("Expected 16 hex digits.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is not { } id)
        {
            writer.WriteNullValue();
            return;
        }

        Span<byte> hex = stackalloc byte[16];
        Utf8Formatter.TryFormat(unchecked((ulong)id), hex, out _, new StandardFormat('x', 16));
        writer.WriteStringValue(hex);
    }

    /// <summary>The 16 hex digits of <paramref name="id"/>.</summary>
    public static string Format(long id) => unchecked((ulong)id).ToString("x16", CultureInfo.InvariantCulture);
}
