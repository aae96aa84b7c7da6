using System.Net;
using System.Text.Json;
using System.Text.Unicode;
using Analytics.Events;

namespace Analytics.Ingestion;

/// <summary>
/// Reads the seed's page-view JSON straight from UTF-8 bytes, checking types and bounds field by field so that
/// every problem names its field. Unknown and server-side fields (<c>time</c>, <c>operating_system</c>, ...) are
/// skipped: a client cannot assign them. A client may send its own <c>id</c> (a UUID) for idempotent retries.
/// </summary>
public static class EventJsonReader
{
    /// <summary>Field name used for problems with the document as a whole.</summary>
    public const string BodyField = "body";

    /// <summary>Parses one JSON object. Returns null and fills <paramref name="errors"/> when anything is wrong.</summary>
    public static EventInput? ReadSingle(ReadOnlySpan<byte> utf8Json, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            if (!reader.Read())
            {
                errors.Add(BodyField, "The request body is empty; send a JSON object.");
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                errors.Add(BodyField, "The request body must be a JSON object.");
                return null;
            }

            var input = ReadObject(ref reader, errors, fieldPrefix: "");

            // Anything after the object is a malformed document.
            if (reader.Read())
            {
                errors.Add(BodyField, "Unexpected data after the JSON object.");
                return null;
            }

            return input;
        }
        catch (JsonException ex)
        {
            errors.Add(BodyField, Describe(ex));
            return null;
        }
        catch (InvalidOperationException) when (Text.UnreadableJsonText.IsIn(utf8Json))
        {
            errors.Add(BodyField, Text.UnreadableJsonText.Message);
            return null;
        }
    }

    /// <summary>
    /// Reads the object the reader is positioned on (its <see cref="JsonTokenType.StartObject"/>) up to and including
    /// its end. Problems are recorded under <paramref name="fieldPrefix"/> + the field name.
    /// </summary>
    /// <exception cref="JsonException">The JSON itself is malformed.</exception>
    public static EventInput? ReadObject(ref Utf8JsonReader reader, ValidationErrors errors, string fieldPrefix)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(fieldPrefix);
        var before = errors.Count;
        string? page = null, userAgent = null, referrer = null, sessionId = null, site = null, name = null;
        Dictionary<string, string>? props = null;
        bool? interactive = null;
        IPAddress? ipAddress = null;
        int? duration = null;
        DateTimeOffset? timestamp = null;
        Guid? id = null;
        var sawPage = false;

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("page"u8))
            {
                sawPage = true;
                page = ReadString(ref reader, errors, fieldPrefix + "page", EventLimits.MaxPageLength);
            }
            else if (reader.ValueTextEquals("user_agent"u8))
            {
                userAgent = ReadUserAgent(ref reader, errors, fieldPrefix + "user_agent");
            }
            else if (reader.ValueTextEquals("ip_address"u8))
            {
                ipAddress = ReadIpAddress(ref reader, errors, fieldPrefix + "ip_address");
            }
            else if (reader.ValueTextEquals("referrer"u8))
            {
                referrer = ReadString(ref reader, errors, fieldPrefix + "referrer", EventLimits.MaxReferrerLength);
            }
            else if (reader.ValueTextEquals("session_id"u8))
            {
                sessionId = ReadString(ref reader, errors, fieldPrefix + "session_id", EventLimits.MaxSessionIdLength);
            }
            else if (reader.ValueTextEquals("duration"u8))
            {
                duration = ReadDuration(ref reader, errors, fieldPrefix + "duration");
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                id = ReadId(ref reader, errors, fieldPrefix + "id");
            }
            else if (reader.ValueTextEquals("site"u8))
            {
                site = ReadString(ref reader, errors, fieldPrefix + "site", EventLimits.MaxSiteLength);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                name = ReadName(ref reader, errors, fieldPrefix + "name");
            }
            else if (reader.ValueTextEquals("props"u8))
            {
                props = ReadProps(ref reader, errors, fieldPrefix + "props");
            }
            else if (reader.ValueTextEquals("interactive"u8))
            {
                interactive = ReadFlag(ref reader, errors, fieldPrefix + "interactive");
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                timestamp = ReadTimestamp(ref reader, errors, fieldPrefix + "timestamp");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (string.IsNullOrWhiteSpace(page) && !errors.Contains(fieldPrefix + "page"))
        {
            errors.Add(fieldPrefix + "page", sawPage ? "The page must not be empty." : "The page field is required.");
        }

        if (errors.Count != before || page is null)
        {
            return null;
        }

        return new EventInput
        {
            Id = id,
            Page = page,
            UserAgent = userAgent,
            IpAddress = ipAddress?.ToString(),
            ParsedIpAddress = ipAddress,
            Referrer = referrer,
            SessionId = sessionId,
            Duration = duration,
            Timestamp = timestamp,
            Site = site,
            Name = name,
            Props = props,
            Interactive = interactive,
        };
    }

    internal static string? ReadName(ref Utf8JsonReader reader, ValidationErrors errors, string field)
    {
        var name = ReadString(ref reader, errors, field, EventLimits.MaxNameLength);
        if (name is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(field, "The event name must not be empty.");
            return null;
        }

        if (name == EventNames.Engagement)
        {
            errors.Add(field, $"The name '{EventNames.Engagement}' is reserved for the tracker's time-on-page events.");
            return null;
        }

        return name;
    }

    internal static bool? ReadFlag(ref Utf8JsonReader reader, ValidationErrors errors, string field)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.True or JsonTokenType.False:
                return reader.GetBoolean();
            default:
                errors.Add(field, $"Must be true or false; got {Describe(reader.TokenType)}.");
                reader.Skip();
                return null;
        }
    }

    /// <summary>
    /// Custom properties: an object of text keys to strings, numbers or booleans, kept as text (a number as it was
    /// written). A null value is left out. Anything else is refused, naming the property, unless
    /// <paramref name="skipUnusable"/> says to leave out objects, arrays and blank strings as Plausible does.
    /// </summary>
    internal static Dictionary<string, string>? ReadProps(ref Utf8JsonReader reader, ValidationErrors errors, string field, bool skipUnusable = false)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            errors.Add(field, $"Must be an object of property names to values; got {Describe(reader.TokenType)}.");
            reader.Skip();
            return null;
        }

        var props = new Dictionary<string, string>(StringComparer.Ordinal);
        var failed = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key;
            try
            {
                key = reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                errors.Add(field, "A property name must be valid UTF-8 text, without unpaired surrogates.");
                reader.Read();
                reader.Skip();
                failed = true;
                continue;
            }

            reader.Read();

            var named = field + "." + ValidationErrors.Shorten(key);
            if (key.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(key) > EventLimits.MaxPropKeyBytes || key.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add(named, $"A property name must have 1 to {EventLimits.MaxPropKeyBytes} bytes of UTF-8, without the NUL character.");
                reader.Skip();
                failed = true;
                continue;
            }

            string? value;
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    continue;
                case JsonTokenType.StartObject or JsonTokenType.StartArray when skipUnusable:
                    reader.Skip();
                    continue;
                case JsonTokenType.String:
                    value = ReadCurrentString(ref reader, errors, named, int.MaxValue);
                    break;
                case JsonTokenType.Number:
                    value = System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    value = reader.GetBoolean() ? "true" : "false";
                    break;
                default:
                    errors.Add(named, $"A property value must be a string, a number or a boolean; got {Describe(reader.TokenType)}.");
                    reader.Skip();
                    failed = true;
                    continue;
            }

            if (value is null)
            {
                failed = true;
                continue;
            }

            if (skipUnusable && string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (System.Text.Encoding.UTF8.GetByteCount(value) > EventLimits.MaxPropValueBytes)
            {
                errors.Add(named, $"A property value must be at most {EventLimits.MaxPropValueBytes} bytes of UTF-8.");
                failed = true;
                continue;
            }

            props[key] = value;
        }

        if (props.Count > EventLimits.MaxProps)
        {
            errors.Add(field, $"At most {EventLimits.MaxProps} properties are allowed; got {props.Count}.");
            return null;
        }

        return failed ? null : props;
    }


    /// <summary>
    /// Reads the next value as a whole number, or a string holding one (as Plausible and Umami take numbers): null for
    /// JSON null; false, with the value read past, when it is neither.
    /// </summary>
    internal static bool TryReadWholeNumber(ref Utf8JsonReader reader, out long? value)
    {
        reader.Read();
        value = null;
        long number;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.Number when reader.TryGetInt64(out number):
                break;
            case JsonTokenType.String when !reader.ValueIsEscaped && reader.ValueSpan.Length <= 20
                && long.TryParse(reader.ValueSpan, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out number):
                break;
            default:
                reader.Skip();
                return false;
        }

        value = number;
        return true;
    }

    internal static string? ReadString(ref Utf8JsonReader reader, ValidationErrors errors, string field, int maxLength)
    {
        reader.Read();
        return ReadCurrentString(ref reader, errors, field, maxLength);
    }

    /// <summary>Reads the value the reader is positioned on as a string.</summary>
    internal static string? ReadCurrentString(ref Utf8JsonReader reader, ValidationErrors errors, string field, int maxLength)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                string value;
                try
                {
                    value = reader.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    // Invalid UTF-8 or an unpaired surrogate escape such as "\ud800": not text at all.
                    errors.Add(field, "Must be valid UTF-8 text, without unpaired surrogates.");
                    return null;
                }

                if (value.Length > maxLength)
                {
                    errors.Add(field, $"Must be at most {maxLength} characters; got {value.Length}.");
                    return null;
                }

                // PostgreSQL text cannot hold NUL; refusing it here keeps one bad event from failing a whole batch later.
                if (value.Contains('\0', StringComparison.Ordinal))
                {
                    errors.Add(field, "Must not contain the NUL character (\\u0000).");
                    return null;
                }

                return value;
            default:
                errors.Add(field, $"Must be a string; got {Describe(reader.TokenType)}.");
                reader.Skip();
                return null;
        }
    }

    private static string? ReadUserAgent(ref Utf8JsonReader reader, ValidationErrors errors, string field)
    {
        // Plain, valid UTF-8 of a usual length is looked up among the user agents seen before (raw control
        // characters, NUL among them, are malformed JSON, so only escapes can bring one in). Anything else takes the
        // general path and its messages.
        if (reader.Read() && IsPlainText(ref reader, UserAgentStrings.MaxPooledBytes))
        {
            return UserAgentStrings.Get(reader.ValueSpan);
        }

        return ReadCurrentString(ref reader, errors, field, EventLimits.MaxUserAgentLength);
    }

    private static IPAddress? ReadIpAddress(ref Utf8JsonReader reader, ValidationErrors errors, string field)
    {
        // Fast path: a plain, valid UTF-8 value short enough in bytes is parsed where it lies, without a string.
        // Anything else (escapes, invalid UTF-8, long values, other tokens) takes the general path and its messages.
        if (reader.Read() && IsPlainText(ref reader, EventLimits.MaxIpAddressLength))
        {
            return reader.ValueSpan.IsEmpty ? null : ParseIpAddress(reader.ValueSpan, errors, field);
        }

        var value = ReadCurrentString(ref reader, errors, field, EventLimits.MaxIpAddressLength);
        return string.IsNullOrEmpty(value) ? null : ParseIpAddress(value, errors, field);
    }

    /// <summary>A string value as it lies in the input: unescaped, in one piece, valid UTF-8, at most <paramref name="maxBytes"/>.</summary>
    private static bool IsPlainText(ref Utf8JsonReader reader, int maxBytes) =>
        reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
        && reader.ValueSpan.Length <= maxBytes && Utf8.IsValid(reader.ValueSpan);

    private static IPAddress? ParseIpAddress(ReadOnlySpan<byte> utf8, ValidationErrors errors, string field)
    {
        if (IPAddress.TryParse(utf8, out var address))
        {
            return address;
        }

        errors.Add(field, "Must be an IPv4 or IPv6 address.");
        return null;
    }

    private static IPAddress? ParseIpAddress(string value, ValidationErrors errors, string field)
    {
        if (IPAddress.TryParse(value, out var address))
        {
            return address;
        }

        errors.Add(field, "Must be an IPv4 or IPv6 address.");
        return null;
    }

    private static Guid? ReadId(ref Utf8JsonReader reader, ValidationErrors errors, string field)
    {
        var value = ReadString(ref reader, errors, field, maxLength: 64);
        if (value is null)
        {
            return null;
        }

        if (!Guid.TryParse(value, out var id) || id == Guid.Empty)
        {
            errors.Add(field, "Must be a non-nil UUID, for example 0190a6c4-8a1e-7cc3-9f0e-1b2c3d4e5f60.");
            return null;
        }

        return id;
    }

    private static int? ReadDuration(ref Utf8JsonReader reader, ValidationErrors errors, string field)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var seconds):
                if (seconds < 0)
                {
                    errors.Add(field, "Must not be negative.");
                    return null;
                }

                if (seconds > EventLimits.MaxDurationSeconds)
                {
                    errors.Add(field, $"Must be at most {EventLimits.MaxDurationSeconds} seconds.");
                    return null;
                }

                return (int)seconds;
            case JsonTokenType.Number:
                errors.Add(field, "Must be a whole number of seconds.");
                return null;
            default:
                errors.Add(field, $"Must be a non-negative integer number of seconds; got {Describe(reader.TokenType)}.");
                reader.Skip();
                return null;
        }
    }

    private static DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader, ValidationErrors errors, string field)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String when reader.TryGetDateTime(out var dateTime):
                // No offset in the text means UTC, never the server's local zone.
                return dateTime.Kind == DateTimeKind.Unspecified
                    ? new DateTimeOffset(dateTime, TimeSpan.Zero)
                    : reader.GetDateTimeOffset().ToUniversalTime();
            case JsonTokenType.String:
                errors.Add(field, "Must be an ISO 8601 date and time, for example 2026-03-03T12:00:00Z.");
                return null;
            default:
                errors.Add(field, $"Must be an ISO 8601 string; got {Describe(reader.TokenType)}.");
                reader.Skip();
                return null;
        }
    }

    internal static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    internal static string Describe(JsonException ex) =>
        $"Malformed JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}.";
}
