using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;

namespace Analytics.AspNetCore.Tests.Hostile;

/// <summary>
/// CsCheck generators of hostile requests for every route: valid bodies, then mutated (bytes flipped, inserted,
/// cut; a string or number replaced by a hostile one; nested deep; the wrong type), random bytes, odd content types,
/// oversized headers and query strings. Each request is made from a few generated numbers and a seed for
/// <see cref="Random"/>, so CsCheck's seed replays it exactly.
/// </summary>
internal static partial class HostileRequests
{
    public const string Site = "shop.test";
    public const string UmamiWebsite = "6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70";

    /// <summary>The id of the event the fixture stores, which some requests for an event by id ask for.</summary>
    public const string KnownId = "0192d4e0-0000-7000-8000-000000000001";
    private const string UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    /// <summary>Strings that have broken text handling somewhere: every plane, lone surrogates, long runs, controls.</summary>
    private static readonly string[] HostileJsonStrings =
    [
        "",
        @"\ud800",
        @"\udfff",
        @"\ud800\u0041",
        @"a\udbff",
        @"\udc00\ud800",
        @"\u0000",
        @"\u0000\u0000/page",
        "\u007f\u0080\u07ff\u0800\ufffd\uffff",
        "\U00010000\U0001F600\U0002FFFF\U0003134A\U000E0001\U000F0000\U0010FFFF",
        string.Concat(Enumerable.Repeat("\U0001F600", 600)),
        string.Concat(Enumerable.Repeat("\U0001F600", 20_000)),
        string.Concat(Enumerable.Repeat("\u00e9", 3000)),
        new string('a', 100_000),
        "e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301",
        "\u202eevil\u202c",
        @"\r\n\t\b\f",
        "</script><script>alert(1)</script>",
        "'; DROP TABLE events; --",
        "../../../../etc/passwd",
        "javascript:alert(1)",
        "data:text/html,hi",
        "https://[::1]:99999/x",
        "http://xn--80ak6aa92e.com/\u043f\u0443\u0442\u044c",
        "https://shop.test/" + new string('p', 5000),
        "https://shop.test/?utm_source=" + string.Concat(Enumerable.Repeat("\U0001F600", 300)),
        "%00%ff%c0%af",
        "/\ud7ff\ue000",
        "1970-01-01T00:00:00Z",
        "9999-12-31T23:59:59.9999999Z",
        "0001-01-01T00:00:00Z",
        "2026-02-30T00:00:00Z",
        "+275760-09-13T00:00:00Z",
        "6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70",
        "00000000-0000-0000-0000-000000000000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff",
        "shop.test",
        "SHOP.TEST.",
        "*",
    ];

    private static readonly string[] HostileNumbers =
    [
        "1e309", "-1e309", "123456789012345678901234567890", "1.7976931348623157e308", "-9223372036854775809",
        "9223372036854775808", "4.9e-324", "1e-400", "-0", "0.0000000000000000000000001", "2147483648", "-2147483649",
        "65536", "NaN", "Infinity", "-Infinity", "0x10", "1_000", "01", "1.", ".5", "+1", "1e", "--1",
    ];

    private static readonly string[] OtherValues = ["null", "true", "false", "[]", "{}", "\"\"", "\"x\"", "0", "-1", "[[[]]]", "{\"a\":{}}"];

    private static readonly string?[] ContentTypes =
    [
        null,
        "application/json",
        "application/json; charset=utf-8",
        "application/json; charset=utf-16",
        "application/json; charset=bogus",
        "application/json; charset=\"",
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-ndjson",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=----x",
        "multipart/form-data",
        "application/xml",
        "application/problem+json",
        "application/vnd.api+json",
        "*/*",
        "application/",
        ";;;",
        "application/json; " + new string('x', 10_000) + "=1",
        "text/plain; charset=\u00ff",
    ];

    private static readonly string[] QueryValues =
    [
        "", "1 day", "1 hour", "1 minute", "1 second", "1 week", "1 month", "1 year", "1000000 years", "-1 day", "0 seconds",
        "1 microsecond", "1.5 days", "nan hours", "9223372036854775807 days", "2147483648 minutes", "1 fortnight",
        "2026-02-09", "2026-02-10T00:00:00Z", "0001-01-01", "9999-12-31T23:59:59.9999999Z", "2026-13-01", "2026-02-30",
        "+275760-09-13", "-0001-01-01", "today", "true", "false", "1", "browser", "device_type", "referrer_source",
        "browser,device_type,referrer_source", "os", "/a", "/", "shop.test", "SHOP.TEST", "other.test", "Chrome",
        "desktop", "search", "%00", "%C0%AF", "%ED%A0%80", "%FF%FE", "%F0%9F%98%80", "%E2%82", "%", "%%", "%zz",
        "\U0001F600", "\ud7ff", string.Concat(Enumerable.Repeat("%F0%9F%98%80", 500)),
    ];

    private static readonly string[] QueryNames = ["duration", "pages", "from", "to", "include_bots", "group_by", "browser", "device_type", "referrer_source", "site", "site_id", "x", "", "%00"];

    private static readonly HttpMethod[] OtherMethods = [HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Head, HttpMethod.Options, new("PROPFIND")];

    private static readonly Route[] Routes =
    [
        new("POST /api/events", "POST", "/api/events", "application/json", false, Single),
        new("POST /api/events/batch (JSON)", "POST", "/api/events/batch", "application/json", false, r => "[" + Single(r) + "," + Single(r) + "]"),
        new("POST /api/events/batch (NDJSON)", "POST", "/api/events/batch", "application/x-ndjson", false, r => Single(r) + "\n" + Single(r) + "\n"),
        new("POST /api/event (Plausible)", "POST", "/api/event", "text/plain", false, Plausible),
        new("POST /api/send (Umami)", "POST", "/api/send", "application/json", false, Umami),
        new("POST /api/batch (Umami)", "POST", "/api/batch", "application/json", false, r => "[" + Umami(r) + "," + Umami(r) + "]"),
        new("POST /api/v2/query", "POST", "/api/v2/query", "application/json", true, StatsQuery),
        new("GET /api/v1/stats/realtime/visitors", "GET", "/api/v1/stats/realtime/visitors", null, true, null),
        new("GET /api/events (aggregate)", "GET", "/api/events", null, true, null),
        new("GET /api/events/{id}", "GET", "/api/events/", null, true, null),
        new("GET /analytics.js", "GET", "/analytics.js", null, false, null),
    ];

    /// <summary>The routes, by the name the tally uses.</summary>
    public static IReadOnlyList<string> RouteNames { get; } = [.. Routes.Select(r => r.Name)];

    /// <summary>Any hostile request: a route, how hard to mutate it, and the seed of the mutation.</summary>
    public static Gen<HostileRequest> Any { get; } = Gen.Select(Gen.Int[0, Routes.Length - 1], Gen.Int[0, 99], Gen.Int, Build);

    private static HostileRequest Build(int routeIndex, int hostility, int seed)
    {
        var route = Routes[routeIndex];
        var random = new Random(seed);
        var headers = new List<(string, string)> { ("User-Agent", UserAgent) };
        var method = hostility < 3 ? OtherMethods[random.Next(OtherMethods.Length)] : new HttpMethod(route.Method);
        var target = route.Path;
        string? contentType = null;
        byte[]? body = null;

        if (route.Body is { } valid)
        {
            var text = valid(random);
            body = hostility switch
            {
                < 25 => Encoding.UTF8.GetBytes(text), // valid: the good path runs too
                < 70 => Encoding.UTF8.GetBytes(Mutate(text, random)),
                < 80 => MutateBytes(Encoding.UTF8.GetBytes(text), random),
                < 85 => RandomBytes(random),
                < 88 => Encoding.Unicode.GetBytes(text),
                < 90 => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
                < 92 => [],
                < 94 => Encoding.UTF8.GetBytes(Nest(text, random)),
                _ => Encoding.UTF8.GetBytes(Pad(text, random)),
            };
            contentType = random.Next(10) < 7 ? route.ContentType : ContentTypes[random.Next(ContentTypes.Length)];
        }
        else
        {
            target += route.Name switch
            {
                "GET /api/events/{id}" => hostility < 30 ? KnownId : Id(random, hostility),
                "GET /analytics.js" => hostility < 50 ? "" : "?" + Query(random, hostility),
                "GET /api/v1/stats/realtime/visitors" => "?" + (hostility < 30 ? "site_id=" + Site : Query(random, hostility)),
                _ => "?" + (hostility < 30 ? "duration=1%20day&from=2026-02-09&to=2026-02-11&group_by=browser" : Query(random, hostility)),
            };
            if (random.Next(10) == 0)
            {
                body = RandomBytes(random);
                contentType = ContentTypes[random.Next(ContentTypes.Length)];
            }
        }

        if (random.Next(100) < 5)
        {
            target = PathVariant(target, random);
        }

        if (hostility >= 50)
        {
            AddHostileHeaders(headers, random);
        }

        return new HostileRequest(route.Name, method, target, contentType, body, headers, route.IsRead);
    }

    private static string Single(Random random) => random.Next(3) switch
    {
        0 => $$"""{"page":"/h/{{random.Next(1000)}}","user_agent":"{{UserAgent}}","ip_address":"192.168.{{random.Next(256)}}.1","referrer":"https://google.com/","session_id":"s{{random.Next(100)}}","duration":{{random.Next(600)}}}""",
        1 => $$"""{"id":"{{new Guid(Bytes(random, 16))}}","site":"{{Site}}","timestamp":"2026-02-10T11:{{random.Next(10, 59)}}:00Z","page":"https://shop.test/p?utm_source=news&utm_campaign=c{{random.Next(9)}}","name":"signup","props":{"plan":"pro","seats":3,"trial":true},"interactive":false}""",
        _ => $$"""{"page":"/x","site":"{{Site}}","name":"engagement","scroll_depth":{{random.Next(101)}},"engagement_time":{{random.Next(100_000)}}}""",
    };

    private static string Plausible(Random random) => random.Next(2) == 0
        ? $$"""{"n":"pageview","u":"https://shop.test/pl/{{random.Next(100)}}?utm_source=x","d":"{{Site}}","r":"https://news.ycombinator.com/","w":1280}"""
        : $$"""{"name":"Signup","url":"https://www.shop.test/pricing","domain":"{{Site}}","referrer":"https://google.com/search","props":{"plan":"pro","seats":3,"trial":true},"interactive":false,"revenue":{"amount":"12.5","currency":"EUR"} }""";

    private static string Umami(Random random) => random.Next(2) == 0
        ? $$"""{"type":"event","payload":{"website":"{{UmamiWebsite}}","hostname":"{{Site}}","url":"/u/{{random.Next(100)}}","referrer":"https://google.com/","screen":"1920x1080","language":"en-US","title":"Home"} }"""
        : $$"""{"type":"event","payload":{"website":"{{UmamiWebsite}}","hostname":"{{Site}}","url":"/signup","name":"signup-button","data":{"plan":"pro","n":3} } }""";

    private static string StatsQuery(Random random) => random.Next(3) switch
    {
        0 => $$"""{"site_id":"{{Site}}","metrics":["visitors","visits","pageviews","bounce_rate","visit_duration"],"date_range":"7d","dimensions":["event:page"],"filters":[["contains","event:page",["/h"]]],"order_by":[["visitors","desc"]],"pagination":{"limit":10,"offset":0},"include":{"total_rows":true} }""",
        1 => $$"""{"site_id":"{{Site}}","metrics":["visitors","pageviews"],"date_range":["2026-02-01","2026-02-10"],"dimensions":["time:day","visit:source"],"include":{"time_labels":true,"comparisons":{"mode":"previous_period"} } }""",
        _ => $$"""{"site_id":"{{Site}}","metrics":["events","percentage"],"date_range":"all","dimensions":["event:props:plan"],"filters":[["is","event:name",["signup"]],["matches","event:page","^/h/[0-9]+$"]]}""",
    };

    /// <summary>The text with one to three of its strings, numbers or values replaced by hostile ones.</summary>
    private static string Mutate(string json, Random random)
    {
        var rounds = random.Next(1, 4);
        for (var i = 0; i < rounds; i++)
        {
            switch (random.Next(6))
            {
                case 0 or 1:
                    json = ReplaceOne(json, StringLiteral(), random, _ => "\"" + HostileJsonStrings[random.Next(HostileJsonStrings.Length)] + "\"");
                    break;
                case 2:
                    json = ReplaceOne(json, NumberLiteral(), random, _ => HostileNumbers[random.Next(HostileNumbers.Length)]);
                    break;
                case 3:
                    json = ReplaceOne(json, ValueAfterColon(), random, m => ":" + OtherValues[random.Next(OtherValues.Length)]);
                    break;
                case 4:
                    // A key twice: the second one differs.
                    var brace = json.IndexOf('{', StringComparison.Ordinal);
                    if (brace >= 0)
                    {
                        var key = StringLiteral().Match(json, brace).Value;
                        json = json.Insert(brace + 1, $"{(key.Length > 0 ? key : "\"page\"")}:\"{HostileJsonStrings[random.Next(HostileJsonStrings.Length)]}\",");
                    }

                    break;
                default:
                    // A key of its own, unknown or with a hostile name.
                    var open = json.IndexOf('{', StringComparison.Ordinal);
                    if (open >= 0)
                    {
                        json = json.Insert(open + 1, $"\"{HostileJsonStrings[random.Next(HostileJsonStrings.Length)]}\":{OtherValues[random.Next(OtherValues.Length)]},");
                    }

                    break;
            }
        }

        return json;
    }

    private static string ReplaceOne(string text, Regex pattern, Random random, Func<Match, string> replacement)
    {
        var matches = pattern.Matches(text);
        if (matches.Count == 0)
        {
            return text;
        }

        var match = matches[random.Next(matches.Count)];
        return string.Concat(text.AsSpan(0, match.Index), replacement(match), text.AsSpan(match.Index + match.Length));
    }

    private static byte[] MutateBytes(byte[] body, Random random)
    {
        var bytes = body.ToList();
        var rounds = random.Next(1, 6);
        byte[][] invalidUtf8 = [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xFE, 0xFF], [0x00]];
        for (var i = 0; i < rounds && bytes.Count > 0; i++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.InsertRange(at, invalidUtf8[random.Next(invalidUtf8.Length)]);
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 16), bytes.Count - at));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    private static byte[] RandomBytes(Random random) => Bytes(random, random.Next(0, 4096));

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Nest(string json, Random random)
    {
        int[] depths = [63, 64, 65, 1000, 100_000];
        var depth = depths[random.Next(depths.Length)];
        return random.Next(3) switch
        {
            0 => new string('[', depth) + json + new string(']', depth),
            1 => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + json + new string('}', depth),
            _ => ReplaceOne(json, ValueAfterColon(), random, _ => ":" + new string('[', depth) + new string(']', depth)),
        };
    }

    private static string Pad(string json, Random random)
    {
        int[] sizes = [60_000, 70_000, 1_100_000, 3_000_000];
        var open = json.IndexOf('{', StringComparison.Ordinal);
        return open < 0 ? json : json.Insert(open + 1, $"\"pad\":\"{new string('x', sizes[random.Next(sizes.Length)])}\",");
    }

    private static string Id(Random random, int hostility) => (hostility % 10) switch
    {
        0 => new Guid(Bytes(random, 16)).ToString(),
        1 => new Guid(Bytes(random, 16)).ToString("N"),
        2 => new Guid(Bytes(random, 16)).ToString("B"),
        3 => "%01%7F", // %00 in a path never reaches an app: Kestrel refuses it (and TestServer throws)
        4 => Uri.EscapeDataString(HostileJsonStrings[random.Next(HostileJsonStrings.Length)].Replace("\\", "", StringComparison.Ordinal)),
        5 => new string('f', 10_000),
        6 => "..%2F..%2Fetc%2Fpasswd",
        7 => "%ED%A0%80",
        8 => KnownId,
        _ => QueryValues[random.Next(QueryValues.Length)].Replace(" ", "%20", StringComparison.Ordinal).Replace("%00", "%01", StringComparison.Ordinal),
    };

    private static string Query(Random random, int hostility)
    {
        var parts = new List<string>();
        var count = hostility > 95 ? random.Next(500, 5000) : random.Next(1, 8);
        for (var i = 0; i < count; i++)
        {
            var name = QueryNames[random.Next(QueryNames.Length)];
            var value = QueryValues[random.Next(QueryValues.Length)];
            parts.Add(name + "=" + (value.Contains('%', StringComparison.Ordinal) ? value : Uri.EscapeDataString(value)));
        }

        if (random.Next(20) == 0)
        {
            parts.Add("pages=" + new string('a', 100_000));
        }

        return string.Join('&', parts);
    }

    private static string PathVariant(string target, Random random) => random.Next(4) switch
    {
        0 => target.ToUpperInvariant(),
        1 => "/" + target,
        2 => target.Replace("/api/", "/api//", StringComparison.Ordinal),
        _ => target + "%C0%AF%ED%A0%80", // invalid UTF-8 in the path; %00 never reaches an app (see Id)
    };

    private static void AddHostileHeaders(List<(string, string)> headers, Random random)
    {
        switch (random.Next(8))
        {
            case 0:
                headers[0] = ("User-Agent", new string('M', random.Next(1000, 70_000)));
                break;
            case 1:
                headers[0] = ("User-Agent", "Mozilla/5.0 \u00ff\u00fe (\t) " + string.Concat(Enumerable.Repeat("(KHTML, like Gecko) ", 500)));
                break;
            case 2:
                headers.Add(("X-Forwarded-For", string.Join(", ", Enumerable.Range(0, random.Next(1, 5000)).Select(i => i % 3 == 0 ? "garbage" : $"10.0.{i % 256}.{i % 7}"))));
                break;
            case 3:
                headers.Add(("X-Forwarded-For", "::ffff:999.1.1.1, [::1]:80, 1.2.3.4:99999, " + new string('9', 1000)));
                break;
            case 4:
                headers.Add(("Origin", random.Next(2) == 0 ? "null" : "https://" + new string('o', 20_000) + ".test"));
                break;
            case 5:
                headers.Add(("Referer", "https://shop.test/" + new string('r', 50_000)));
                break;
            case 6:
                headers.Add(("Authorization", "Bearer " + new string('k', random.Next(1, 20_000))));
                break;
            default:
                headers.Add(("Accept-Language", string.Join(',', Enumerable.Range(0, 2000).Select(i => "en-" + i.ToString(CultureInfo.InvariantCulture) + ";q=0." + (i % 10)))));
                break;
        }
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"(?<=[:\[,])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")]
    private static partial Regex NumberLiteral();

    [GeneratedRegex("""(?<=[^\\]"):("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null)""")]
    private static partial Regex ValueAfterColon();

    private sealed record Route(string Name, string Method, string Path, string? ContentType, bool IsRead, Func<Random, string>? Body);
}
