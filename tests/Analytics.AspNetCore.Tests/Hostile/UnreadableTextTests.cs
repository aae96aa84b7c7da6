using System.Net;
using System.Text;
using Analytics.AspNetCore.Tests.Infrastructure;

namespace Analytics.AspNetCore.Tests.Hostile;

/// <summary>
/// Found by the hostile-input suite: a property name (or string) that is sound JSON but not valid text - an escaped
/// unpaired surrogate, or invalid UTF-8 - made System.Text.Json throw while the name was compared or read, and every
/// route answered 500. Each now answers 400 naming the body, and stores nothing.
/// </summary>
public sealed class UnreadableTextTests : IClassFixture<HostileFixture>
{
    private readonly HostileFixture _fixture;

    public UnreadableTextTests(HostileFixture fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [InlineData("/api/events", "application/json", """{"\udfff":"x","page":"/a"}""", "body")]
    [InlineData("/api/events", "application/json", """{"page":"/a","\ud800\u0041":1}""", "body")]
    [InlineData("/api/events/batch", "application/json", """[{"page":"/a"},{"\udc00\ud800":"x","page":"/b"}]""", "body")]
    [InlineData("/api/events/batch", "application/x-ndjson", "{\"page\":\"/a\",\"\\ud800\":1}\n", "[0].body")]
    [InlineData("/api/event", "text/plain", """{"\udfff":"x","n":"pageview","u":"https://shop.test/","d":"shop.test"}""", "request")]
    [InlineData("/api/send", "application/json", """{"type":"event","payload":{"website":"6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70","\ud800\u0041":"shop.test","url":"/u"}}""", "body")]
    [InlineData("/api/batch", "application/json", """[{"type":"event","payload":{"website":"6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70","\ud800":"x","url":"/u"}}]""", "body")]
    [InlineData("/api/v2/query", "application/json", """{"\ud800":[],"site_id":"shop.test","metrics":["visitors"],"date_range":"7d"}""", "body")]
    [InlineData("/api/v2/query", "application/json", """{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d","pagination":{"\udfff":1}}""", "body")]
    public async Task A_name_holding_an_escaped_lone_surrogate_is_refused_with_400(string path, string contentType, string body, string field)
    {
        using var response = await _fixture.CreateClient().PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Contains("UTF-8", problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_member_name_holding_invalid_utf8_is_refused_with_400()
    {
        // {"sit\xe2\x82e_id": ...}: a truncated three-byte sequence inside a member name, which the query reader reads.
        byte[] body = [.. "{\"sit"u8, 0xE2, 0x82, .. "e_id\":\"shop.test\",\"metrics\":[\"visitors\"],\"date_range\":\"7d\"}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

        using var response = await _fixture.CreateClient().PostAsync("/api/v2/query", content);

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, "body");
        Assert.Contains("UTF-8", problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
    }
}
