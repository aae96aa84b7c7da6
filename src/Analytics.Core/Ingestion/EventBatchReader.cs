using System.Text.Json;
using Analytics.Events;

namespace Analytics.Ingestion;

/// <summary>
/// Reads a batch of page views: a JSON array of objects, or NDJSON (one object per line). Each item is checked on
/// its own, so one bad item is reported by its index and does not sink the others.
/// </summary>
public static class EventBatchReader
{
    /// <summary>One item of a batch: its input when valid, its problems otherwise.</summary>
    public sealed record Item(int Index, EventInput? Input, ValidationErrors Errors);

    /// <summary>
    /// Parses <paramref name="body"/>. Returns null after filling <paramref name="errors"/> when the batch as a whole
    /// is unusable: malformed JSON (for an array), not an array, or more than <paramref name="maxItems"/> items
    /// (then <paramref name="tooManyItems"/> is true).
    /// </summary>
    public static IReadOnlyList<Item>? Read(ReadOnlySpan<byte> body, bool ndjson, int maxItems, ValidationErrors errors, out bool tooManyItems)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var items = ndjson ? ReadLines(body, maxItems, errors) : ReadArray(body, maxItems, errors);
        tooManyItems = items is null && errors.Contains(TooManyField);
        return items;
    }

    private const string TooManyField = "count";

    private static List<Item>? ReadArray(ReadOnlySpan<byte> body, int maxItems, ValidationErrors errors)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
        var items = new List<Item>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                errors.Add(EventJsonReader.BodyField, "The request body must be a JSON array of events.");
                return null;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (items.Count == maxItems)
                {
                    errors.Add(TooManyField, $"A batch may hold at most {maxItems} events.");
                    return null;
                }

                var itemErrors = new ValidationErrors();
                EventInput? input = null;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    input = EventJsonReader.ReadObject(ref reader, itemErrors, fieldPrefix: "");
                }
                else
                {
                    itemErrors.Add(EventJsonReader.BodyField, "Each item must be a JSON object.");
                    reader.Skip();
                }

                items.Add(new Item(items.Count, input, itemErrors));
            }

            if (reader.Read())
            {
                errors.Add(EventJsonReader.BodyField, "Unexpected data after the JSON array.");
                return null;
            }
        }
        catch (JsonException ex)
        {
            errors.Add(EventJsonReader.BodyField, EventJsonReader.Describe(ex));
            return null;
        }

        return items;
    }

    private static List<Item>? ReadLines(ReadOnlySpan<byte> body, int maxItems, ValidationErrors errors)
    {
        var items = new List<Item>();
        while (!body.IsEmpty)
        {
            var end = body.IndexOf((byte)'\n');
            var line = end < 0 ? body : body[..end];
            body = end < 0 ? [] : body[(end + 1)..];
            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            if (items.Count == maxItems)
            {
                errors.Add(TooManyField, $"A batch may hold at most {maxItems} events.");
                return null;
            }

            var itemErrors = new ValidationErrors();
            items.Add(new Item(items.Count, EventJsonReader.ReadSingle(line, itemErrors), itemErrors));
        }

        return items;
    }
}
