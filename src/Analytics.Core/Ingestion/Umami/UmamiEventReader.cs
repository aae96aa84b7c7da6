using System.Text.Json;
using Analytics.Events;

namespace Analytics.Ingestion.Umami;

/// <summary>
/// Reads Umami's collect API (<c>POST /api/send</c>: <c>{"type": "event", "payload": {website, hostname, url,
/// referrer, title, screen, language, name, data, tag, id, timestamp}}</c>) from UTF-8 bytes. Problems are recorded
/// under the field's path (<c>type</c>, <c>payload.website</c>, <c>payload.data.plan</c>...). Fields we do not keep
/// (<c>title</c>, <c>screen</c>, <c>language</c>, <c>id</c>, <c>ip</c>, and the rest) are read past.
/// </summary>
internal static class UmamiEventReader
{
    /// <summary>A page view, or a custom event when it has a name.</summary>
    public const string EventType = "event";

    /// <summary>Umami's session data for an identified user, which we do not keep.</summary>
    public const string IdentifyType = "identify";

    private const string Payload = "payload.";

    /// <summary>Reads one item. Returns null and fills <paramref name="errors"/> when anything is wrong.</summary>
    public static UmamiEvent? ReadSingle(ReadOnlySpan<byte> utf8Json, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                errors.Add(EventJsonReader.BodyField, "The request body must be a JSON object: {\"type\": \"event\", \"payload\": {...}}.");
                return null;
            }

            var item = ReadObject(ref reader, errors);
            if (reader.Read())
            {
                errors.Add(EventJsonReader.BodyField, "Unexpected data after the JSON object.");
                return null;
            }

            return item;
        }
        catch (JsonException ex)
        {
            errors.Add(EventJsonReader.BodyField, EventJsonReader.Describe(ex));
            return null;
        }
        catch (InvalidOperationException) when (Text.UnreadableJsonText.IsIn(utf8Json))
        {
            errors.Add(EventJsonReader.BodyField, Text.UnreadableJsonText.Message);
            return null;
        }
    }

    /// <summary>Reads the item the reader is positioned on (its start), up to and including its end.</summary>
    /// <exception cref="JsonException">The JSON itself is malformed.</exception>
    public static UmamiEvent? ReadObject(ref Utf8JsonReader reader, ValidationErrors errors)
    {
        var before = errors.Count;
        string? type = null;
        UmamiEvent? payload = null;
        var sawPayload = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                type = EventJsonReader.ReadString(ref reader, errors, "type", 32);
            }
            else if (reader.ValueTextEquals("payload"u8))
            {
                sawPayload = true;
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    payload = ReadPayload(ref reader, errors);
                }
                else
                {
                    errors.Add("payload", "Must be an object.");
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (type is not (EventType or IdentifyType) && !errors.Contains("type"))
        {
            errors.Add("type", type is null ? "Required: \"event\" or \"identify\"." : $"Must be \"event\" or \"identify\"; got '{ValidationErrors.Shorten(type)}'.");
        }

        if (!sawPayload)
        {
            errors.Add("payload", "Required.");
        }

        return errors.Count != before || payload is null ? null : payload with { Type = type! };
    }

    private static UmamiEvent? ReadPayload(ref Utf8JsonReader reader, ValidationErrors errors)
    {
        var before = errors.Count;
        Guid? website = null;
        string? url = null, hostname = null, referrer = null, name = null, tag = null, userAgent = null;
        Dictionary<string, string>? data = null;
        DateTimeOffset? timestamp = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("website"u8))
            {
                var text = EventJsonReader.ReadString(ref reader, errors, Payload + "website", 64);
                if (text is not null)
                {
                    website = Guid.TryParse(text, out var id) ? id : null;
                    if (website is null)
                    {
                        errors.Add(Payload + "website", "Must be the website's id, a UUID.");
                    }
                }
            }
            else if (reader.ValueTextEquals("url"u8))
            {
                url = EventJsonReader.ReadString(ref reader, errors, Payload + "url", EventLimits.MaxPageLength);
            }
            else if (reader.ValueTextEquals("hostname"u8))
            {
                hostname = EventJsonReader.ReadString(ref reader, errors, Payload + "hostname", EventLimits.MaxSiteLength);
            }
            else if (reader.ValueTextEquals("referrer"u8))
            {
                referrer = EventJsonReader.ReadString(ref reader, errors, Payload + "referrer", EventLimits.MaxReferrerLength);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                name = ReadLabel(ref reader, errors, Payload + "name");
            }
            else if (reader.ValueTextEquals("tag"u8))
            {
                tag = ReadLabel(ref reader, errors, Payload + "tag");
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                data = EventJsonReader.ReadProps(ref reader, errors, Payload + "data");
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                timestamp = ReadTimestamp(ref reader, errors, Payload + "timestamp");
            }
            else if (reader.ValueTextEquals("userAgent"u8))
            {
                userAgent = EventJsonReader.ReadString(ref reader, errors, Payload + "userAgent", EventLimits.MaxUserAgentLength);
            }
            else if (reader.ValueTextEquals("link"u8) || reader.ValueTextEquals("pixel"u8))
            {
                errors.Add(Payload + reader.GetString(), "Umami's links and pixels are not taken: send a website's events.");
                reader.Read();
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (website is null && !errors.Contains(Payload + "website"))
        {
            errors.Add(Payload + "website", "Required: the website's id.");
        }

        if (errors.Count != before || website is null)
        {
            return null;
        }

        if (tag is not null)
        {
            data ??= new Dictionary<string, string>(StringComparer.Ordinal);
            data.TryAdd("tag", tag);
        }

        return new UmamiEvent
        {
            Type = EventType,
            WebsiteId = website.Value,
            Url = string.IsNullOrWhiteSpace(url) ? null : url,
            Hostname = string.IsNullOrWhiteSpace(hostname) ? null : hostname,
            Referrer = string.IsNullOrEmpty(referrer) ? null : referrer,
            Name = name,
            Props = data,
            Timestamp = timestamp,
            UserAgent = string.IsNullOrEmpty(userAgent) ? null : userAgent,
        };
    }

    // A name or tag: our bounds and reserved names, and Umami's refusal of spreadsheet formula triggers.
    private static string? ReadLabel(ref Utf8JsonReader reader, ValidationErrors errors, string field)
    {
        var label = EventJsonReader.ReadName(ref reader, errors, field);
        if (label is not null && label[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            errors.Add(field, "Must not start with =, +, -, @, tab or carriage return.");
            return null;
        }

        return label;
    }

    // Seconds since 1970, a whole number or a string holding one, as Umami takes it.
    private static DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader, ValidationErrors errors, string field)
    {
        if (!EventJsonReader.TryReadWholeNumber(ref reader, out var seconds) || seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            errors.Add(field, "Must be whole seconds since 1970-01-01T00:00:00Z.");
            return null;
        }

        return seconds is null ? null : DateTimeOffset.FromUnixTimeSeconds(seconds.Value);
    }
}
