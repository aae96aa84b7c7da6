using System.Net;
using System.Text.Json;
using Analytics.AspNetCore.Tests.Infrastructure;

namespace Analytics.AspNetCore.Tests;

/// <summary>POST /api/events: the seed's contract, what the server fills in, and what a client cannot set.</summary>
public sealed class PostEventTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _fixture;

    public PostEventTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [InlineData("/api/events/")]
    [InlineData("/api/events")]
    public async Task Seed_example_post_returns_201_with_location_and_the_stored_event(string path)
    {
        var client = _fixture.CreateClient();
        var before = await _fixture.Schema.CountEventsAsync();

        using var response = await client.PostEventAsync(Api.SeedExample, path);
        var created = await Api.ReadJsonAsync(response, HttpStatusCode.Created);

        var id = Guid.Parse(created.GetProperty("id").GetString()!);
        Assert.Equal(7, id.Version);
        Assert.Equal($"/api/events/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(ApiFixture.Now, created.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("/pricing", created.GetProperty("page").GetString());
        Assert.Equal(Api.WindowsUserAgent, created.GetProperty("user_agent").GetString());
        Assert.Equal("192.168.0.0", created.GetProperty("ip_address").GetString()); // anonymized to /24 by default
        Assert.Equal("google.com", created.GetProperty("referrer").GetString());
        Assert.Equal("abc123", created.GetProperty("session_id").GetString());
        Assert.Equal(12, created.GetProperty("duration").GetInt32());
        Assert.Equal("Windows", created.GetProperty("operating_system").GetString());

        using var get = await client.GetAsync(response.Headers.Location);
        var stored = await Api.ReadJsonAsync(get);
        Assert.True(JsonElement.DeepEquals(created, stored), $"POST answered {created} but GET returned {stored}");

        Assert.Equal(before + 1, await _fixture.Schema.CountEventsAsync());
        Assert.Equal(1, await _fixture.Schema.ScalarAsync<long>(
            $"SELECT count(*) FROM \"{_fixture.Schema.Name}\".events WHERE id = '{id}' AND page = '/pricing' AND duration = 12 AND operating_system = 'Windows'"));
    }

    [Fact]
    public async Task Post_without_user_agent_takes_it_from_the_request_header()
    {
        var client = _fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = Api.Json("""{"page":"/from-header"}""") };
        Assert.True(request.Headers.TryAddWithoutValidation("User-Agent", Api.MacUserAgent));

        using var response = await client.SendAsync(request);
        var created = await Api.ReadJsonAsync(response, HttpStatusCode.Created);

        Assert.Equal(Api.MacUserAgent, created.GetProperty("user_agent").GetString());
        Assert.Equal("macOS", created.GetProperty("operating_system").GetString());
    }

    [Fact]
    public async Task Post_without_any_user_agent_stores_null_and_operating_system_Other()
    {
        var client = _fixture.CreateClient();
        client.DefaultRequestHeaders.UserAgent.Clear();

        var created = await client.PostCreatedAsync("""{"page":"/no-agent"}""");

        Assert.Null(created.GetStringOrNull("user_agent"));
        Assert.Equal("Other", created.GetProperty("operating_system").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("duration").ValueKind);
    }

    [Fact]
    public async Task User_agent_in_the_body_wins_over_the_request_header()
    {
        var client = _fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events")
        {
            Content = Api.Json($$"""{"page":"/body-agent","user_agent":"{{Api.LinuxUserAgent}}"}"""),
        };
        Assert.True(request.Headers.TryAddWithoutValidation("User-Agent", Api.MacUserAgent));

        using var response = await client.SendAsync(request);
        var created = await Api.ReadJsonAsync(response, HttpStatusCode.Created);

        Assert.Equal(Api.LinuxUserAgent, created.GetProperty("user_agent").GetString());
        Assert.Equal("Linux", created.GetProperty("operating_system").GetString());
    }

    [Fact]
    public async Task Time_and_operating_system_sent_by_the_client_are_ignored_and_its_id_is_kept()
    {
        var client = _fixture.CreateClient();
        var clientId = Guid.Parse("0190a0b0-0000-7000-8000-000000000001");

        var created = await client.PostCreatedAsync($$"""
            {"id":"{{clientId}}","time":"2001-01-01T00:00:00Z","operating_system":"Plan 9",
             "page":"/mass-assignment","user_agent":"{{Api.WindowsUserAgent}}"}
            """);

        Assert.Equal(clientId, Guid.Parse(created.GetProperty("id").GetString()!));
        Assert.Equal(ApiFixture.Now, created.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("Windows", created.GetProperty("operating_system").GetString());

        using var stored = await client.GetAsync($"/api/events/{clientId}");
        var read = await Api.ReadJsonAsync(stored);
        Assert.Equal("Windows", read.GetProperty("operating_system").GetString());
        Assert.Equal(ApiFixture.Now, read.GetProperty("time").GetDateTimeOffset());

        var schema = _fixture.Schema.Name;
        Assert.Equal(0, await _fixture.Schema.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".events WHERE operating_system = 'Plan 9' OR time < '2020-01-01'"));
    }

    [Fact]
    public async Task A_retried_request_with_the_same_client_id_is_stored_once()
    {
        var client = _fixture.CreateClient();
        var clientId = Guid.NewGuid();
        var body = $$"""{"id":"{{clientId}}","page":"/retried"}""";

        await client.PostCreatedAsync(body);
        await client.PostCreatedAsync(body);

        var schema = _fixture.Schema.Name;
        Assert.Equal(1, await _fixture.Schema.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".events WHERE id = '{clientId}'"));
    }

    [Theory]
    [InlineData("2026-02-09T08:30:00Z", "2026-02-09T08:30:00Z")]
    [InlineData("2026-02-09T08:30:00", "2026-02-09T08:30:00Z")] // no offset means UTC
    [InlineData("2026-02-09T10:30:00+02:00", "2026-02-09T08:30:00Z")]
    [InlineData("2026-02-09T08:30:00.1234567Z", "2026-02-09T08:30:00.123456Z")] // stored with microseconds
    [InlineData("2026-02-10T12:04:00Z", "2026-02-10T12:04:00Z")] // within the allowed clock skew
    public async Task Timestamp_sets_the_time_of_the_event(string timestamp, string expected)
    {
        var client = _fixture.CreateClient();

        var created = await client.PostCreatedAsync($$"""{"page":"/backfill","timestamp":"{{timestamp}}"}""");

        var time = created.GetProperty("time").GetDateTimeOffset();
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
        Assert.Equal(TimeSpan.Zero, time.Offset);
        using var stored = await client.GetAsync($"/api/events/{created.GetProperty("id").GetString()}");
        Assert.Equal(time, (await Api.ReadJsonAsync(stored)).GetProperty("time").GetDateTimeOffset());
    }
}
