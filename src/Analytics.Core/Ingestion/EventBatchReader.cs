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
        tooManyItems = items is null && IsTooMany(errors);
        return items;
    }

    private const string TooManyField = "count";

    private static List<Item>? ReadArray(ReadOnlySpan<byte> body, int maxItems, ValidationErrors errors) =>
        ReadArray(body, maxItems, errors, static (ref reader, itemErrors) => EventJsonReader.ReadObject(ref reader, itemErrors, fieldPrefix: ""))
            ?.ConvertAll(item => new Item(item.Index, item.Value, item.Errors));

    /// <summary>
    /// A JSON array of objects, each read by <paramref name="read"/> on its own: one bad item is reported by its
    /// index. Null after filling <paramref name="errors"/> when the array as a whole is unusable (malformed, not an
    /// array, or more than <paramref name="maxItems"/> items, recorded under <c>count</c>).
    /// </summary>
    internal static List<(int Index, T? Value, ValidationErrors Errors)>? ReadArray<T>(ReadOnlySpan<byte> body, int maxItems, ValidationErrors errors, ObjectReader<T> read)
        where T : class
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
        var items = new List<(int, T?, ValidationErrors)>();
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
                T? value = null;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    value = read(ref reader, itemErrors);
                }
                else
                {
                    itemErrors.Add(EventJsonReader.BodyField, "Each item must be a JSON object.");
                    reader.Skip();
                }

                items.Add((items.Count, value, itemErrors));
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
        catch (InvalidOperationException) when (Text.UnreadableJsonText.IsIn(body))
        {
            errors.Add(EventJsonReader.BodyField, Text.UnreadableJsonText.Message);
            return null;
        }

        return items;
    }

    /// <summary>True when <paramref name="errors"/> says a batch had more items than allowed.</summary>
    internal static bool IsTooMany(ValidationErrors errors) => errors.Contains(TooManyField);

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

/// <summary>Reads the object the reader is positioned on, up to and including its end; problems go to <paramref name="errors"/>.</summary>
internal delegate T? ObjectReader<T>(ref Utf8JsonReader reader, ValidationErrors errors)
    where T : class;
