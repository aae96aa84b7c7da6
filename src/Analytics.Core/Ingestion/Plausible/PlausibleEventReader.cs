using System.Globalization;
using System.Text;
using System.Text.Json;
using Analytics.Enrichment;
using Analytics.Events;
using Analytics.Sites;

namespace Analytics.Ingestion.Plausible;

/// <summary>
/// Reads the body of Plausible's Events API (<c>POST /api/event</c>) from UTF-8 bytes, short keys and long ones
/// (<c>n</c>/<c>name</c>, <c>u</c>/<c>url</c>, <c>d</c>/<c>domain</c>, <c>r</c>/<c>referrer</c>,
/// <c>p</c>/<c>props</c> and the legacy <c>m</c>/<c>meta</c>, <c>i</c>/<c>interactive</c>, <c>h</c>/<c>hashMode</c>,
/// <c>sd</c>, <c>e</c>, <c>revenue</c>); where both are sent the short one wins, as with Plausible. Problems are
/// recorded under the names Plausible's own errors use (<c>request</c>, <c>event_name</c>, <c>url</c>,
/// <c>domain</c>, <c>props</c>...). Other keys (the archived tracker's <c>w</c>, the tracker's version <c>v</c>) are
/// read past and ignored.
/// </summary>
internal static class PlausibleEventReader
{
    /// <summary>Where problems with the document as a whole are recorded.</summary>
    public const string RequestField = "request";

    /// <summary>Most sites one request may fan out to.</summary>
    public const int MaxSites = 10;

    // Plausible ignores larger engagement times: an old tracker sent absurd ones.
    private const long MaxEngagementMilliseconds = 30L * 24 * 60 * 60 * 1000;

    private static readonly string[] PropsKeys = ["m", "meta", "p", "props"];

    /// <summary>Reads one event. Returns null and fills <paramref name="errors"/> when anything is wrong.</summary>
    public static PlausibleEvent? Read(ReadOnlySpan<byte> utf8Json, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                errors.Add(RequestField, "Unable to parse request body as json: send one JSON object.");
                return null;
            }

            var fields = ReadFields(ref reader, errors);
            if (reader.Read())
            {
                errors.Add(RequestField, "Unable to parse request body as json: unexpected data after the object.");
                return null;
            }

            return Build(fields, errors);
        }
        catch (JsonException ex)
        {
            errors.Add(RequestField, "Unable to parse request body as json. " + EventJsonReader.Describe(ex));
            return null;
        }
        catch (InvalidOperationException) when (Text.UnreadableJsonText.IsIn(utf8Json))
        {
            errors.Add(RequestField, "Unable to parse request body as json. " + Text.UnreadableJsonText.Message);
            return null;
        }
    }

    private static Fields ReadFields(ref Utf8JsonReader reader, ValidationErrors errors)
    {
        var fields = new Fields();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("n"u8) || reader.ValueTextEquals("name"u8))
            {
                var rank = reader.ValueTextEquals("n"u8) ? 0 : 1;
                fields.Name.Offer(rank, ReadName(ref reader, errors));
            }
            else if (reader.ValueTextEquals("u"u8) || reader.ValueTextEquals("url"u8))
            {
                var rank = reader.ValueTextEquals("u"u8) ? 0 : 1;
                fields.Url.Offer(rank, EventJsonReader.ReadString(ref reader, errors, "url", EventLimits.MaxPageLength));
            }
            else if (reader.ValueTextEquals("d"u8) || reader.ValueTextEquals("domain"u8))
            {
                var rank = reader.ValueTextEquals("d"u8) ? 0 : 1;
                fields.Domain.Offer(rank, EventJsonReader.ReadString(ref reader, errors, "domain", EventLimits.MaxSiteLength * MaxSites));
            }
            else if (reader.ValueTextEquals("r"u8) || reader.ValueTextEquals("referrer"u8))
            {
                var rank = reader.ValueTextEquals("r"u8) ? 0 : 1;
                var referrer = EventJsonReader.ReadString(ref reader, errors, "referrer", int.MaxValue);
                fields.Referrer.Offer(rank, Cut(referrer, EventLimits.MaxReferrerLength));
            }
            else if (PropsRank(ref reader) is var propsRank and >= 0)
            {
                fields.Props.Offer(propsRank, ReadProps(ref reader, errors));
            }
            else if (reader.ValueTextEquals("i"u8) || reader.ValueTextEquals("interactive"u8))
            {
                var rank = reader.ValueTextEquals("i"u8) ? 0 : 1;
                fields.Interactive.Offer(rank, EventJsonReader.ReadFlag(ref reader, errors, "interactive"));
            }
            else if (reader.ValueTextEquals("h"u8) || reader.ValueTextEquals("hashMode"u8))
            {
                var rank = reader.ValueTextEquals("h"u8) ? 0 : 1;
                fields.HashMode.Offer(rank, ReadHashMode(ref reader, errors));
            }
            else if (reader.ValueTextEquals("sd"u8))
            {
                var depth = ReadWholeNumber(ref reader, errors, "scroll_depth");
                fields.ScrollDepth = depth is null ? null : (short)Math.Min(depth.Value, 100);
            }
            else if (reader.ValueTextEquals("e"u8))
            {
                var milliseconds = ReadWholeNumber(ref reader, errors, "engagement_time");
                fields.EngagementTime = milliseconds < MaxEngagementMilliseconds ? milliseconds : null;
            }
            else if (reader.ValueTextEquals("revenue"u8) || reader.ValueTextEquals("$"u8))
            {
                // Plausible's current tracker sends "$"; "revenue" wins where both are sent, as with Plausible.
                var rank = reader.ValueTextEquals("revenue"u8) ? 0 : 1;
                fields.Revenue.Offer(rank, ReadRevenue(ref reader, errors));
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return fields;
    }

    private static PlausibleEvent? Build(Fields fields, ValidationErrors errors)
    {
        var before = errors.Count;
        if (fields.Name.Value is null && !errors.Contains("event_name"))
        {
            errors.Add("event_name", "can't be blank");
        }

        var url = fields.Url.Value;
        var page = url is null ? null : PageOf(url, errors);
        if (url is null && !errors.Contains("url"))
        {
            errors.Add("url", "is required");
        }

        var sites = page is null ? null : SitesOf(fields.Domain.Value, page, errors);
        var engagement = fields.Name.Value == EventNames.Engagement;
        if (engagement && fields.ScrollDepth is null && fields.EngagementTime is null
            && !errors.Contains("scroll_depth") && !errors.Contains("engagement_time"))
        {
            errors.Add("event_name", "engagement event requires a valid integer value for at least one of 'sd' or 'e' fields");
        }

        if (errors.Count != before || fields.Name.Value is null || page is null || sites is null)
        {
            return null;
        }

        var props = fields.Props.Value;
        if (fields.Revenue.Value is { } revenue)
        {
            props = new Dictionary<string, string>(props ?? [], StringComparer.Ordinal)
            {
                ["revenue_amount"] = revenue.Amount,
                ["revenue_currency"] = revenue.Currency,
            };
        }

        return new PlausibleEvent
        {
            Name = fields.Name.Value,
            Url = page,
            Sites = sites,
            Referrer = fields.Referrer.Value,
            Props = props,
            Interactive = fields.Interactive.Value,
            HashMode = fields.HashMode.Value ?? false,
            ScrollDepth = engagement ? fields.ScrollDepth : null,
            EngagementTime = engagement ? fields.EngagementTime : null,
        };
    }

    // The page as the event factory reads it: an http(s) address as sent, another scheme's (an app's "app://home/x")
    // as if it were http, and a path as a path. Plausible refuses data: addresses; so do we.
    private static string? PageOf(string url, ValidationErrors errors)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("url", "scheme is not allowed");
            return null;
        }

        if (string.IsNullOrWhiteSpace(url))
        {
            errors.Add("url", "is required");
            return null;
        }

        if (schemeEnd > 0 && Uri.CheckSchemeName(url[..schemeEnd])
            && !url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return "http" + url[schemeEnd..];
        }

        return url;
    }

    // Plausible cuts a long referrer instead of refusing the event; never inside a surrogate pair.
    private static string? Cut(string? value, int maxLength) =>
        value is null || value.Length <= maxLength ? value
        : value[..(char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength)];

    private static List<string>? SitesOf(string? domain, string page, ValidationErrors errors)
    {
        if (domain is null)
        {
            // Plausible takes the site from the address when no domain is named.
            var fromUrl = SiteDomain.Normalize(PageUrl.Parse(page).Host);
            if (fromUrl is null)
            {
                errors.Add("domain", "can't be blank");
                return null;
            }

            return [fromUrl];
        }

        var sites = new List<string>();
        foreach (var part in domain.Split(','))
        {
            var site = SiteDomain.Normalize(part);
            if (site is null)
            {
                errors.Add("domain", string.IsNullOrWhiteSpace(part) ? "can't be blank" : $"'{ValidationErrors.Shorten(part.Trim())}' is not a domain such as example.com");
                return null;
            }

            if (!sites.Contains(site, StringComparer.Ordinal))
            {
                sites.Add(site);
            }
        }

        if (sites.Count > MaxSites)
        {
            errors.Add("domain", $"names at most {MaxSites} sites; got {sites.Count}");
            return null;
        }

        return sites;
    }

    private static int PropsRank(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < PropsKeys.Length; i++)
        {
            if (reader.ValueTextEquals(PropsKeys[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string? ReadName(ref Utf8JsonReader reader, ValidationErrors errors)
    {
        const string field = "event_name";
        if (!reader.Read())
        {
            return null;
        }

        // Plausible takes a whole number as a name too (a 404 page's status code).
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var number))
            {
                return number.ToString(CultureInfo.InvariantCulture);
            }

            errors.Add(field, "is invalid: a name is a string or a whole number");
            return null;
        }

        var name = EventJsonReader.ReadCurrentString(ref reader, errors, field, EventLimits.MaxNameLength);
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            errors.Add(field, "can't be blank");
            return null;
        }

        return name;
    }

    // Plausible's props: an object, or a JSON text of one (the archived tracker's p). Values that are objects, arrays,
    // null or blank are left out, as Plausible leaves them out; keys and values over their bounds are refused.
    private static Dictionary<string, string>? ReadProps(ref Utf8JsonReader reader, ValidationErrors errors)
    {
        const string field = "props";
        var at = reader;
        at.Read();
        if (at.TokenType != JsonTokenType.String)
        {
            return EventJsonReader.ReadProps(ref reader, errors, field, skipUnusable: true);
        }

        var text = EventJsonReader.ReadString(ref reader, errors, field, int.MaxValue);
        if (text is null)
        {
            return null;
        }

        var inner = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            var props = EventJsonReader.ReadProps(ref inner, errors, field, skipUnusable: true);
            if (inner.TokenType is not (JsonTokenType.EndObject or JsonTokenType.Null) || inner.Read())
            {
                errors.Add(field, "A JSON text of props must hold one object and nothing else.");
                return null;
            }

            return props;
        }
        catch (JsonException ex)
        {
            errors.Add(field, "Must be an object, or a JSON text of one. " + EventJsonReader.Describe(ex));
            return null;
        }
    }

    // Plausible's tracker sends h: 1; true and false are taken too.
    private static bool? ReadHashMode(ref Utf8JsonReader reader, ValidationErrors errors)
    {
        const string field = "hash_mode";
        var next = reader;
        next.Read();
        if (next.TokenType != JsonTokenType.Number)
        {
            return EventJsonReader.ReadFlag(ref reader, errors, field);
        }

        reader.Read();
        if (reader.TryGetInt32(out var flag) && flag is 0 or 1)
        {
            return flag == 1;
        }

        errors.Add(field, "Must be 1 (keep the fragment), 0, true or false.");
        return null;
    }

    // A whole number from 0, or a string holding one, as Plausible takes sd and e.
    private static long? ReadWholeNumber(ref Utf8JsonReader reader, ValidationErrors errors, string field)
    {
        if (!EventJsonReader.TryReadWholeNumber(ref reader, out var value) || value < 0)
        {
            errors.Add(field, "is invalid: send a whole number from 0");
            return null;
        }

        return value;
    }

    private static Revenue? ReadRevenue(ref Utf8JsonReader reader, ValidationErrors errors)
    {
        const string field = "revenue";
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            errors.Add(field, "Must be an object: {\"amount\": 12.5, \"currency\": \"EUR\"}.");
            reader.Skip();
            return null;
        }

        string? amount = null, currency = null;
        var before = errors.Count;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("amount"u8))
            {
                reader.Read();
                amount = reader.TokenType switch
                {
                    JsonTokenType.Number or JsonTokenType.String when !reader.ValueIsEscaped && reader.ValueSpan.Length <= 32
                        && decimal.TryParse(reader.ValueSpan, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
                        => value.ToString(CultureInfo.InvariantCulture),
                    _ => null,
                };
                if (amount is null)
                {
                    errors.Add(field + ".amount", "Must be a decimal number, or a string holding one.");
                }

                reader.Skip();
            }
            else if (reader.ValueTextEquals("currency"u8))
            {
                currency = EventJsonReader.ReadString(ref reader, errors, field + ".currency", 3);
                if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetter)))
                {
                    errors.Add(field + ".currency", "Must be a three-letter ISO 4217 code such as EUR.");
                    currency = null;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (errors.Count != before)
        {
            return null;
        }

        if (amount is null || currency is null)
        {
            errors.Add(field, "Needs both amount and currency.");
            return null;
        }

        return new Revenue(amount, currency.ToUpperInvariant());
    }

    private sealed record Revenue(string Amount, string Currency);

    // A field sent under several keys: the value of the best-ranked key (the short one) wins.
    private struct Ranked<T>
    {
        private int _rank;

        public T? Value { get; private set; }

        public void Offer(int rank, T? value)
        {
            if (_rank == 0 || rank + 1 <= _rank)
            {
                _rank = rank + 1;
                Value = value;
            }
        }
    }

    private sealed class Fields
    {
        public Ranked<string> Name;
        public Ranked<string> Url;
        public Ranked<string> Domain;
        public Ranked<string> Referrer;
        public Ranked<Dictionary<string, string>> Props;
        public Ranked<bool?> Interactive;
        public Ranked<bool?> HashMode;
        public Ranked<Revenue> Revenue;

        public short? ScrollDepth { get; set; }

        public long? EngagementTime { get; set; }
    }
}
