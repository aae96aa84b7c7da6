using System.Text;
using Analytics.Events;
using Analytics.Ingestion;

namespace Analytics.Core.Tests.Ingestion;

public sealed class EventJsonReaderTests
{
    private static (EventInput? Input, ValidationErrors Errors) Read(string json)
    {
        var errors = new ValidationErrors();
        var input = EventJsonReader.ReadSingle(Encoding.UTF8.GetBytes(json), errors);
        return (input, errors);
    }

    private static void AssertRejected(string json, string field)
    {
        var (input, errors) = Read(json);
        Assert.Null(input);
        Assert.True(errors.Contains(field), $"expected an error on '{field}', got: {errors}");
    }

    [Fact]
    public void Seed_example_is_read_field_by_field()
    {
        var (input, errors) = Read("""
            {"page":"/pricing","user_agent":"Mozilla/5.0","ip_address":"192.168.0.1",
             "referrer":"google.com","session_id":"abc123","duration":12}
            """);

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.NotNull(input);
        Assert.Equal("/pricing", input.Page);
        Assert.Equal("Mozilla/5.0", input.UserAgent);
        Assert.Equal("192.168.0.1", input.IpAddress);
        Assert.Equal("google.com", input.Referrer);
        Assert.Equal("abc123", input.SessionId);
        Assert.Equal(12, input.Duration);
        Assert.Null(input.Timestamp);
    }

    [Fact]
    public void Only_page_is_required_and_nulls_mean_absent()
    {
        var (input, errors) = Read("""{"page":"/","user_agent":null,"referrer":null,"duration":null,"ip_address":null}""");

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.NotNull(input);
        Assert.Null(input.UserAgent);
        Assert.Null(input.Duration);
        Assert.Null(input.IpAddress);
    }

    [Fact]
    public void Server_side_and_unknown_fields_are_ignored()
    {
        var (input, errors) = Read("""
            {"time":"2001-01-01T00:00:00Z","operating_system":"Hacked","visitor_id":"x",
             "nested":{"a":[1,2,{"b":null}]},"page":"/a"}
            """);

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal("/a", input!.Page);
        Assert.Null(input.Timestamp);
    }

    [Fact]
    public void A_client_id_is_read_for_idempotent_retries()
    {
        var (input, errors) = Read("""{"id":"0190a6c4-8a1e-7cc3-9f0e-1b2c3d4e5f60","page":"/a"}""");

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(Guid.Parse("0190a6c4-8a1e-7cc3-9f0e-1b2c3d4e5f60"), input!.Id);
    }

    [Theory]
    [InlineData("{\"page\":", "body")]
    [InlineData("{\"page\":\"/a\"", "body")]
    [InlineData("not json", "body")]
    [InlineData("", "body")]
    [InlineData("[]", "body")]
    [InlineData("\"page\"", "body")]
    [InlineData("{\"page\":\"/a\"} {}", "body")]
    [InlineData("{}", "page")]
    [InlineData("{\"page\":\"\"}", "page")]
    [InlineData("{\"page\":\"   \"}", "page")]
    [InlineData("{\"page\":null}", "page")]
    [InlineData("{\"page\":5}", "page")]
    [InlineData("{\"page\":[\"/a\"]}", "page")]
    [InlineData("{\"page\":\"/a\",\"user_agent\":{}}", "user_agent")]
    [InlineData("{\"page\":\"/a\",\"referrer\":true}", "referrer")]
    [InlineData("{\"page\":\"/a\",\"session_id\":42}", "session_id")]
    [InlineData("{\"page\":\"/a\",\"duration\":\"12\"}", "duration")]
    [InlineData("{\"page\":\"/a\",\"duration\":1.5}", "duration")]
    [InlineData("{\"page\":\"/a\",\"duration\":-1}", "duration")]
    [InlineData("{\"page\":\"/a\",\"duration\":86401}", "duration")]
    [InlineData("{\"page\":\"/a\",\"duration\":99999999999999999999}", "duration")]
    [InlineData("{\"page\":\"/a\",\"ip_address\":\"999.1.1.1\"}", "ip_address")]
    [InlineData("{\"page\":\"/a\",\"ip_address\":\"localhost\"}", "ip_address")]
    [InlineData("{\"page\":\"/a\",\"timestamp\":\"yesterday\"}", "timestamp")]
    [InlineData("{\"page\":\"/a\",\"timestamp\":\"03/03/2026\"}", "timestamp")]
    [InlineData("{\"page\":\"/a\",\"timestamp\":1700000000}", "timestamp")]
    [InlineData("{\"page\":\"/a\\u0000b\"}", "page")]
    [InlineData("{\"page\":\"/a\",\"id\":\"not-a-uuid\"}", "id")]
    [InlineData("{\"page\":\"/a\",\"id\":\"00000000-0000-0000-0000-000000000000\"}", "id")]
    [InlineData("{\"page\":\"/a\",\"id\":42}", "id")]
    [InlineData("{\"page\":\"/a\",\"referrer\":\"x\\u0000\"}", "referrer")]
    public void Bad_input_is_refused_naming_the_field(string json, string field) => AssertRejected(json, field);

    [Theory]
    [InlineData("page", EventLimits.MaxPageLength)]
    [InlineData("user_agent", EventLimits.MaxUserAgentLength)]
    [InlineData("referrer", EventLimits.MaxReferrerLength)]
    [InlineData("session_id", EventLimits.MaxSessionIdLength)]
    public void Strings_are_accepted_up_to_their_bound_and_refused_past_it(string field, int max)
    {
        string Json(int length) => $"{{\"page\":\"/p\",\"{field}\":\"{new string('x', length)}\"}}";

        var (atBound, errors) = Read(Json(max));
        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.NotNull(atBound);

        AssertRejected(Json(max + 1), field);
    }

    [Fact]
    public void Every_problem_in_one_object_is_reported()
    {
        var (_, errors) = Read("""{"duration":-3,"ip_address":"nope","user_agent":7}""");

        Assert.True(errors.Contains("page"));
        Assert.True(errors.Contains("duration"));
        Assert.True(errors.Contains("ip_address"));
        Assert.True(errors.Contains("user_agent"));
    }

    [Theory]
    [InlineData("2026-03-03T12:00:00Z", "2026-03-03T12:00:00+00:00")]
    [InlineData("2026-03-03T12:00:00", "2026-03-03T12:00:00+00:00")]
    [InlineData("2026-03-03T14:00:00+02:00", "2026-03-03T12:00:00+00:00")]
    [InlineData("2026-03-03T12:00:00.123456Z", "2026-03-03T12:00:00.123456+00:00")]
    public void Timestamps_are_iso_8601_and_default_to_utc(string text, string expected)
    {
        var (input, errors) = Read($$"""{"page":"/a","timestamp":"{{text}}"}""");

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), input!.Timestamp);
        Assert.Equal(TimeSpan.Zero, input.Timestamp!.Value.Offset);
    }

    [Fact]
    public void Ipv6_addresses_are_accepted_in_canonical_form()
    {
        var (input, errors) = Read("""{"page":"/a","ip_address":"2001:0db8:0000:0000:0000:0000:0000:0001"}""");

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal("2001:db8::1", input!.IpAddress);
    }

    [Theory]
    [InlineData("""{"page":"/a","ip_address":"10.1.2.3"}""")]
    [InlineData("""{"page":"/a","ip_address":"\u0031\u0030.1.2.3"}""")]
    public void The_parsed_address_is_carried_to_the_factory_whether_or_not_the_text_is_escaped(string json)
    {
        var (input, errors) = Read(json);

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal("10.1.2.3", input!.IpAddress);
        Assert.Equal(System.Net.IPAddress.Parse("10.1.2.3"), input.ParsedIpAddress);
    }

    [Fact]
    public void An_address_of_invalid_utf8_is_refused_as_text_not_as_an_address()
    {
        var json = Encoding.UTF8.GetBytes("""{"page":"/a","ip_address":"1.2.3.4X"}""");
        json[Array.IndexOf(json, (byte)'X')] = 0xFF;
        var errors = new ValidationErrors();

        Assert.Null(EventJsonReader.ReadSingle(json, errors));
        Assert.Contains("UTF-8", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_user_agent_is_one_string_and_an_escaped_one_reads_the_same()
    {
        const string userAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
        var (first, _) = Read($$"""{"page":"/a","user_agent":"{{userAgent}}"}""");
        var (second, _) = Read($$"""{"page":"/b","user_agent":"{{userAgent}}"}""");
        var (escaped, errors) = Read($$"""{"page":"/c","user_agent":"M{{userAgent[1..]}}"}""");

        Assert.Same(first!.UserAgent, second!.UserAgent);
        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(userAgent, escaped!.UserAgent);
    }

    [Fact]
    public void Long_and_non_ascii_user_agents_read_as_before()
    {
        var longAgent = "Mozilla/5.0 " + new string('x', 900);
        var (input, errors) = Read($$"""{"page":"/a","user_agent":"{{longAgent}} ü"}""");

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(longAgent + " ü", input!.UserAgent);
        AssertRejected($$"""{"page":"/a","user_agent":"{{new string('x', 1025)}}"}""", "user_agent");
    }

    // The fields of the one event model: site, name, props and interactive.
    private static string WithProps(string members) => "{\"page\":\"/\",\"props\":{" + members + "}}";

    [Fact]
    public void A_custom_event_keeps_its_name_site_and_interactive_flag_and_its_props_as_text_in_order()
    {
        var (input, errors) = Read("""
            {"page":"/pricing","site":"Shop.Test","name":"Signup","interactive":false,
             "props":{"plan":"pro","seats":3,"ratio":1.50,"trial":true,"gone":null,"empty":""}}
            """);

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal("Signup", input!.Name);
        Assert.Equal("Shop.Test", input.Site);
        Assert.False(input.Interactive);
        Assert.Equal(
            [new("plan", "pro"), new("seats", "3"), new("ratio", "1.50"), new("trial", "true"), new("empty", "")],
            input.Props!.ToList());
    }

    [Fact]
    public void Without_the_new_fields_an_event_is_a_page_view_with_no_props()
    {
        var (input, errors) = Read("""{"page":"/"}""");

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Null(input!.Name);
        Assert.Null(input.Props);
        Assert.Null(input.Interactive);
    }

    [Theory]
    [InlineData("""{"page":"/","props":{"plan":{"tier":"pro"}}}""", "props.plan")]
    [InlineData("""{"page":"/","props":{"tags":["a","b"]}}""", "props.tags")]
    [InlineData("""{"page":"/","props":["plan","pro"]}""", "props")]
    [InlineData("""{"page":"/","props":"plan=pro"}""", "props")]
    [InlineData("""{"page":"/","props":{"":"empty key"}}""", "props.")]
    [InlineData("""{"page":"/","props":{"a\u0000b":"nul in the key"}}""", "props.a\0b")]
    [InlineData("""{"page":"/","name":""}""", "name")]
    [InlineData("""{"page":"/","name":"engagement"}""", "name")]
    [InlineData("""{"page":"/","name":5}""", "name")]
    [InlineData("""{"page":"/","interactive":"yes"}""", "interactive")]
    [InlineData("""{"page":"/","site":42}""", "site")]
    public void A_bad_field_is_refused_naming_it(string json, string field) => AssertRejected(json, field);

    [Fact]
    public void Props_are_bounded_in_count_and_size()
    {
        var thirtyOne = string.Join(",", Enumerable.Range(0, 31).Select(i => $"\"k{i}\":\"v\""));
        AssertRejected(WithProps(thirtyOne), "props");

        var longKey = new string('k', EventLimits.MaxPropKeyBytes + 1);
        AssertRejected(WithProps($"\"{longKey}\":\"v\""), "props." + ValidationErrors.Shorten(longKey));

        // Bytes, not characters: 1,001 two-byte characters are over 2,000 bytes.
        var wideValue = new string('é', (EventLimits.MaxPropValueBytes / 2) + 1);
        AssertRejected(WithProps($"\"note\":\"{wideValue}\""), "props.note");

        var thirty = string.Join(",", Enumerable.Range(0, 30).Select(i => $"\"k{i}\":\"{new string('v', EventLimits.MaxPropValueBytes)}\""));
        var (input, errors) = Read(WithProps(thirty));
        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(30, input!.Props!.Count);
    }

    [Fact]
    public void A_long_name_is_refused_and_one_of_120_characters_is_kept()
    {
        AssertRejected($$"""{"page":"/","name":"{{new string('n', EventLimits.MaxNameLength + 1)}}"}""", "name");
        var (input, errors) = Read($$"""{"page":"/","name":"{{new string('n', EventLimits.MaxNameLength)}}"}""");
        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(EventLimits.MaxNameLength, input!.Name!.Length);
    }

    [Fact]
    public void Shortening_a_value_for_a_message_never_splits_a_surrogate_pair()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 30));
        var shortened = ValidationErrors.Shorten(emoji);

        // A strict encoder throws on a lone surrogate; cutting at 40 UTF-16 units would leave one here.
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        Assert.Equal(shortened, strict.GetString(strict.GetBytes(shortened)));
        Assert.StartsWith(string.Concat(Enumerable.Repeat("😀", 19)), shortened, StringComparison.Ordinal);
    }
}
