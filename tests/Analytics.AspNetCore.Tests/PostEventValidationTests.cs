using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Analytics.AspNetCore.Tests.Infrastructure;
using System.Text.Json;
using Analytics.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// Every kind of bad input to POST /api/events is refused with a problem naming what is wrong, and nothing is stored.
/// </summary>
public sealed class PostEventValidationTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _fixture;

    public PostEventValidationTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [InlineData("malformed JSON", "body")]
    [InlineData("unterminated object", "body")]
    [InlineData("empty body", "body")]
    [InlineData("JSON null", "body")]
    [InlineData("an array", "body")]
    [InlineData("a string", "body")]
    [InlineData("data after the object", "body")]
    [InlineData("page as number", "page")]
    [InlineData("duration as string", "duration")]
    [InlineData("duration fractional", "duration")]
    [InlineData("user_agent as object", "user_agent")]
    [InlineData("missing page", "page")]
    [InlineData("empty page", "page")]
    [InlineData("blank page", "page")]
    [InlineData("page too long", "page")]
    [InlineData("user_agent too long", "user_agent")]
    [InlineData("referrer too long", "referrer")]
    [InlineData("session_id too long", "session_id")]
    [InlineData("negative duration", "duration")]
    [InlineData("duration over the max", "duration")]
    [InlineData("ip_address not an address", "ip_address")]
    [InlineData("ip_address octet over 255", "ip_address")]
    [InlineData("timestamp not ISO 8601", "timestamp")]
    [InlineData("timestamp as number", "timestamp")]
    [InlineData("timestamp more than 5 minutes ahead", "timestamp")]
    [InlineData("timestamp older than the retention", "timestamp")]
    [InlineData("timestamp before year 1 in UTC", "timestamp")]
    [InlineData("timestamp after year 9999 in UTC", "timestamp")]
    public async Task Post_with_bad_input_returns_400_naming_the_field_and_stores_nothing(string badInput, string field)
    {
        var client = _fixture.CreateClient();
        var before = await _fixture.Schema.CountEventsAsync();

        using var response = await client.PostEventAsync(Body(badInput));

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await _fixture.Schema.CountEventsAsync());
    }

    [Theory]
    [InlineData("invalid UTF-8 in page", "page")]
    [InlineData("truncated UTF-8 sequence in referrer", "referrer")]
    [InlineData("unpaired surrogate escape in page", "page")]
    [InlineData("unpaired surrogate escape in user_agent", "user_agent")]
    [InlineData("NUL in page", "page")]
    [InlineData("NUL in user_agent", "user_agent")]
    [InlineData("NUL in referrer", "referrer")]
    [InlineData("NUL in session_id", "session_id")]
    public async Task Post_with_text_that_cannot_be_stored_returns_400_naming_the_field_and_stores_nothing(string badText, string field)
    {
        var client = _fixture.CreateClient();
        var before = await _fixture.Schema.CountEventsAsync();
        using var content = new ByteArrayContent(BytesFor(badText));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync("/api/events", content);

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await _fixture.Schema.CountEventsAsync());
    }

    [Fact]
    public async Task Post_with_several_bad_fields_names_each_of_them()
    {
        var client = _fixture.CreateClient();

        using var response = await client.PostEventAsync("""{"page":"","duration":-1,"ip_address":"nope"}""");

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, "page");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("duration", out _), problem.ToString());
        Assert.True(errors.TryGetProperty("ip_address", out _), problem.ToString());
    }

    [Fact]
    public async Task Post_at_the_field_bounds_is_accepted()
    {
        var client = _fixture.CreateClient();
        var json = $$"""
            {"page":"/{{new string('p', EventLimits.MaxPageLength - 1)}}",
             "user_agent":"{{new string('u', EventLimits.MaxUserAgentLength)}}",
             "referrer":"{{new string('r', EventLimits.MaxReferrerLength)}}",
             "session_id":"{{new string('s', EventLimits.MaxSessionIdLength)}}",
             "ip_address":"2001:DB8:0::1","duration":{{EventLimits.MaxDurationSeconds}}}
            """;

        var created = await client.PostCreatedAsync(json);

        Assert.Equal(EventLimits.MaxPageLength, created.GetProperty("page").GetString()!.Length);
        Assert.Equal(EventLimits.MaxDurationSeconds, created.GetProperty("duration").GetInt32());
        // Stored anonymized by default: IPv6 to /48.
        Assert.Equal("2001:db8::", created.GetProperty("ip_address").GetString());
    }

    [Fact]
    public async Task Post_of_exactly_the_size_limit_is_accepted_and_one_byte_more_is_413()
    {
        var client = _fixture.CreateClient();
        var limit = new AnalyticsOptions().MaxEventBodyBytes;
        const string Start = """{"page":"/exact-size" """;
        var exact = Start + new string(' ', limit - Start.Length - 1) + "}";
        var over = Start + new string(' ', limit - Start.Length) + "}";
        Assert.Equal(limit, Encoding.UTF8.GetByteCount(exact));

        using var accepted = await client.PostEventAsync(exact);
        using var refused = await client.PostEventAsync(over);

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        await Api.AssertProblemAsync(refused, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_user_agent_header_over_the_bound_is_truncated_not_refused()
    {
        var client = _fixture.CreateClient();
        var userAgent = Api.WindowsUserAgent + new string('x', 2 * EventLimits.MaxUserAgentLength);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = Api.Json("""{"page":"/long-header"}""") };
        Assert.True(request.Headers.TryAddWithoutValidation("User-Agent", userAgent));

        using var response = await client.SendAsync(request);
        var created = await Api.ReadJsonAsync(response, HttpStatusCode.Created);

        Assert.Equal(userAgent[..EventLimits.MaxUserAgentLength], created.GetProperty("user_agent").GetString());
        Assert.Equal("Windows", created.GetProperty("operating_system").GetString());
    }

    [Theory]
    [InlineData("127.0.0.1", "198.51.100.0")]   // a proxy on the same host is trusted
    [InlineData("203.0.113.9", "203.0.113.0")]  // anyone else's X-Forwarded-For is ignored
    public async Task X_Forwarded_For_is_believed_only_from_a_trusted_proxy(string remote, string stored)
    {
        var created = await PostFromAsync(remote, forwardedFor: "198.51.100.7");

        Assert.Equal(stored, created.GetProperty("ip_address").GetString());
    }

    private async Task<JsonElement> PostFromAsync(string remoteAddress, string? forwardedFor = null)
    {
        var body = Encoding.UTF8.GetBytes("""{"page":"/remote-address"}""");
        var context = await _fixture.Factory.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Post;
            http.Request.Path = "/api/events";
            http.Request.ContentType = "application/json";
            http.Request.ContentLength = body.Length;
            http.Request.Body = new MemoryStream(body);
            if (forwardedFor is not null)
            {
                http.Request.Headers["X-Forwarded-For"] = forwardedFor;
            }

            http.Connection.RemoteIpAddress = IPAddress.Parse(remoteAddress);
        });

        Assert.Equal(StatusCodes.Status201Created, context.Response.StatusCode);
        using var created = await JsonDocument.ParseAsync(context.Response.Body);
        return created.RootElement.Clone();
    }

    [Fact]
    public async Task Without_ip_address_the_connections_remote_address_is_stored_as_plain_IPv4()
    {
        var created = await PostFromAsync("::ffff:203.0.113.9");

        // The client address, IPv4-mapped form undone, anonymized to /24 by default.
        Assert.Equal("203.0.113.0", created.GetProperty("ip_address").GetString());
    }

    [Fact]
    public async Task Post_with_a_body_over_the_size_limit_returns_413_and_stores_nothing()
    {
        var client = _fixture.CreateClient();
        var before = await _fixture.Schema.CountEventsAsync();

        using var response = await client.PostEventAsync(OversizedBody());

        await Api.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await _fixture.Schema.CountEventsAsync());
    }

    [Fact]
    public async Task Post_with_a_body_over_the_size_limit_and_no_content_length_returns_413_and_stores_nothing()
    {
        var client = _fixture.CreateClient();
        var before = await _fixture.Schema.CountEventsAsync();
        using var content = new UnknownLengthContent(Encoding.UTF8.GetBytes(OversizedBody()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync("/api/events", content);

        await Api.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await _fixture.Schema.CountEventsAsync());
    }

    [Fact]
    public async Task Post_with_a_valid_body_and_no_content_length_is_accepted()
    {
        var client = _fixture.CreateClient();
        using var content = new UnknownLengthContent(Encoding.UTF8.GetBytes("""{"page":"/streamed"}"""));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync("/api/events", content);

        var created = await Api.ReadJsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("/streamed", created.GetProperty("page").GetString());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Post_without_a_json_content_type_returns_415_and_stores_nothing(string? contentType)
    {
        var client = _fixture.CreateClient();
        var before = await _fixture.Schema.CountEventsAsync();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Api.SeedExample));
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await client.PostAsync("/api/events", content);

        await Api.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, await _fixture.Schema.CountEventsAsync());
    }

    private static string OversizedBody() =>
        $$"""{"page":"/big","referrer":"{{new string('r', 70 * 1024)}}"}""";

    private static string Body(string badInput) => badInput switch
    {
        "malformed JSON" => """{"page":"/a",""",
        "unterminated object" => """{"page":"/a" """,
        "empty body" => "",
        "JSON null" => "null",
        "an array" => """[{"page":"/a"}]""",
        "a string" => "\"/a\"",
        "data after the object" => """{"page":"/a"} {"page":"/b"}""",
        "page as number" => """{"page":42}""",
        "duration as string" => """{"page":"/a","duration":"12"}""",
        "duration fractional" => """{"page":"/a","duration":1.5}""",
        "user_agent as object" => """{"page":"/a","user_agent":{"os":"Windows"}}""",
        "missing page" => """{"user_agent":"Mozilla/5.0","duration":3}""",
        "empty page" => """{"page":""}""",
        "blank page" => """{"page":"   "}""",
        "page too long" => $$"""{"page":"/{{new string('p', EventLimits.MaxPageLength)}}"}""",
        "user_agent too long" => $$"""{"page":"/a","user_agent":"{{new string('u', EventLimits.MaxUserAgentLength + 1)}}"}""",
        "referrer too long" => $$"""{"page":"/a","referrer":"{{new string('r', EventLimits.MaxReferrerLength + 1)}}"}""",
        "session_id too long" => $$"""{"page":"/a","session_id":"{{new string('s', EventLimits.MaxSessionIdLength + 1)}}"}""",
        "negative duration" => """{"page":"/a","duration":-1}""",
        "duration over the max" => $$"""{"page":"/a","duration":{{EventLimits.MaxDurationSeconds + 1}}}""",
        "ip_address not an address" => """{"page":"/a","ip_address":"not-an-ip"}""",
        "ip_address octet over 255" => """{"page":"/a","ip_address":"256.1.1.1"}""",
        "timestamp not ISO 8601" => """{"page":"/a","timestamp":"02/09/2026 10:00"}""",
        "timestamp as number" => """{"page":"/a","timestamp":1770631200}""",
        "timestamp more than 5 minutes ahead" => $$"""{"page":"/a","timestamp":"{{Iso(ApiFixture.Now.AddMinutes(6))}}"}""",
        "timestamp older than the retention" => $$"""{"page":"/a","timestamp":"{{Iso(ApiFixture.Now.AddDays(-91))}}"}""",
        "timestamp before year 1 in UTC" => """{"page":"/a","timestamp":"0001-01-01T00:00:00+01:00"}""",
        "timestamp after year 9999 in UTC" => """{"page":"/a","timestamp":"9999-12-31T23:59:59-01:00"}""",
        _ => throw new ArgumentOutOfRangeException(nameof(badInput), badInput, "No body for this case."),
    };

    // Raw bytes, so that a body can hold what a .NET string cannot: invalid UTF-8.
    private static byte[] BytesFor(string badText) => badText switch
    {
        "invalid UTF-8 in page" => [.. "{\"page\":\"/a"u8, 0xFF, .. "\"}"u8],
        "truncated UTF-8 sequence in referrer" => [.. "{\"page\":\"/a\",\"referrer\":\""u8, 0xC3, .. "\"}"u8],
        "unpaired surrogate escape in page" => """{"page":"/a\ud800"}"""u8.ToArray(),
        "unpaired surrogate escape in user_agent" => """{"page":"/a","user_agent":"\udc00x"}"""u8.ToArray(),
        "NUL in page" => """{"page":"/a\u0000b"}"""u8.ToArray(),
        "NUL in user_agent" => """{"page":"/a","user_agent":"Mozilla\u0000"}"""u8.ToArray(),
        "NUL in referrer" => """{"page":"/a","referrer":"\u0000"}"""u8.ToArray(),
        "NUL in session_id" => """{"page":"/a","session_id":"abc\u0000"}"""u8.ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(badText), badText, "No body for this case."),
    };

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    /// <summary>A body whose length is not known up front, as a streaming client sends it.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnknownLengthContent(byte[] bytes)
        {
            _bytes = bytes;
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
