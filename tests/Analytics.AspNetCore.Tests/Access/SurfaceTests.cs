using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Analytics.ApiKeys;
using Analytics.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Analytics.AspNetCore.Tests.Access;

/// <summary>
/// The two surfaces an embedding host maps: its own authorization on the reads replaces the key check without locking
/// out ingestion; anonymous reads are a loud opt-in; the body's client fields follow the ingest key; rate limits
/// answer 429 with Retry-After without the host calling UseRateLimiter.
/// </summary>
public sealed class SurfaceTests : IClassFixture<SchemaFixture>
{
    private readonly SchemaFixture _fixture;

    public SurfaceTests(SchemaFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task The_hosts_authorization_on_the_read_surface_replaces_the_key_check_and_ingestion_stays_open()
    {
        var builder = MinimalHost.CreateBuilder(_fixture.Schema);
        builder.Services.AddAnalytics(builder.Configuration.GetSection("Analytics"));
        builder.Services.AddAuthentication(TestAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, _ => { });
        builder.Services.AddAuthorization();
        await using var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapAnalyticsIngestion();
        app.MapAnalyticsQueries().RequireAuthorization();
        await app.StartAsync();
        var anonymous = app.GetTestClient();
        var staff = app.GetTestClient();
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(TestAuthenticationHandler.SchemeName);

        var created = await anonymous.PostCreatedAsync("""{"page":"/staff-only"}""");
        using var refused = await anonymous.GetAsync($"/api/events/{created.GetProperty("id").GetString()}");
        using var allowed = await staff.GetAsync($"/api/events/{created.GetProperty("id").GetString()}");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("/staff-only", (await Api.ReadJsonAsync(allowed)).GetProperty("page").GetString());
    }

    [Fact]
    public async Task AllowAnonymousReads_serves_reads_without_a_key_and_warns_at_startup()
    {
        var builder = MinimalHost.CreateBuilder(_fixture.Schema);
        var logs = new CapturingLoggerProvider();
        builder.Logging.AddProvider(logs);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Analytics:AllowAnonymousReads"] = "true" });
        builder.Services.AddAnalytics(builder.Configuration.GetSection("Analytics"));
        await using var app = builder.Build();
        app.MapAnalyticsEndpoints();
        await app.StartAsync();

        using var response = await app.GetTestClient().GetAsync("/api/v1/stats/realtime/visitors?site_id=shop.test");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(logs.Messages, m => m.Level == LogLevel.Warning && m.Text.Contains("AllowAnonymousReads", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mapping_ingestion_on_a_read_only_node_throws_naming_the_fix()
    {
        var builder = MinimalHost.CreateBuilder(_fixture.Schema);
        builder.Services.AddAnalytics(builder.Configuration.GetSection("Analytics")).WithoutIngestion();
        await using var app = builder.Build();

        var exception = Assert.Throws<InvalidOperationException>(() => app.MapAnalyticsIngestion());

        Assert.Contains("MapAnalyticsQueries", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bodys_ip_address_and_user_agent_are_honoured_with_an_ingest_key_and_without_one_only_while_allowed()
    {
        var builder = MinimalHost.CreateBuilder(_fixture.Schema);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Analytics:AcceptClientFieldsWithoutKey"] = "false",
            ["Analytics:IpAddressStorage"] = "Full",
        });
        builder.Services.AddAnalytics(builder.Configuration.GetSection("Analytics"));
        await using var app = builder.Build();
        app.MapAnalyticsEndpoints();
        await app.StartAsync();
        var browser = app.GetTestClient();
        browser.DefaultRequestHeaders.UserAgent.ParseAdd("HeaderAgent/1.0");
        var sender = app.GetTestClient().WithKey(await ReadKeys.CreateAsync(app.Services, scope: ApiKeyScope.Ingest));
        var reader = app.GetTestClient().WithKey(await ReadKeys.CreateAsync(app.Services));
        const string body = """{"page":"/who","ip_address":"203.0.113.9","user_agent":"BodyAgent/2.0"}""";

        var anonymous = await browser.PostCreatedAsync(body);
        var withReadKey = await reader.PostCreatedAsync(body);
        var withIngestKey = await sender.PostCreatedAsync(body);
        using var batch = await sender.PostAsync("/api/events/batch", Api.Json($"[{body}]"));
        var batchId = (await Api.ReadJsonAsync(batch)).GetProperty("ids")[0].GetString();
        using var stored = await reader.GetAsync($"/api/events/{batchId}");
        var fromBatch = await Api.ReadJsonAsync(stored);

        Assert.NotEqual("203.0.113.9", anonymous.GetStringOrNull("ip_address"));
        Assert.Equal("HeaderAgent/1.0", anonymous.GetStringOrNull("user_agent"));
        Assert.NotEqual("203.0.113.9", withReadKey.GetStringOrNull("ip_address"));
        Assert.NotEqual("BodyAgent/2.0", withReadKey.GetStringOrNull("user_agent"));
        Assert.Equal("203.0.113.9", withIngestKey.GetStringOrNull("ip_address"));
        Assert.Equal("BodyAgent/2.0", withIngestKey.GetStringOrNull("user_agent"));
        Assert.Equal("203.0.113.9", fromBatch.GetStringOrNull("ip_address"));
    }

    [Fact]
    public async Task An_ingest_key_of_one_site_may_not_send_for_another_and_an_unknown_key_gets_401()
    {
        var builder = MinimalHost.CreateBuilder(_fixture.Schema);
        builder.Services.AddAnalytics(builder.Configuration.GetSection("Analytics"));
        await using var app = builder.Build();
        app.MapAnalyticsEndpoints();
        await app.StartAsync();
        var sender = app.GetTestClient().WithKey(await ReadKeys.CreateAsync(app.Services, "shop.test", ApiKeyScope.Ingest));
        var before = await _fixture.Schema.CountEventsAsync();

        using var other = await sender.PostEventAsync("""{"page":"https://other.test/"}""");
        using var plausible = await sender.PostAsync("/api/event", new StringContent("""{"n":"pageview","u":"https://other.test/","d":"other.test"}""", System.Text.Encoding.UTF8, "text/plain"));
        using var batch = await sender.PostAsync("/api/events/batch", Api.Json("""[{"page":"https://other.test/"}]"""));
        using var unknown = await app.GetTestClient().WithKey("ak_" + new string('q', 56)).PostEventAsync("""{"page":"https://shop.test/"}""");
        await Api.AssertProblemAsync(other, HttpStatusCode.Forbidden);
        await Api.AssertProblemAsync(plausible, HttpStatusCode.Forbidden);
        await Api.AssertProblemAsync(batch, HttpStatusCode.BadRequest, "[0].site");
        await Api.AssertProblemAsync(unknown, HttpStatusCode.Unauthorized);
        Assert.Equal(before, await _fixture.Schema.CountEventsAsync());

        await sender.PostCreatedAsync("""{"page":"https://shop.test/"}""");
    }

    [Fact]
    public async Task Over_the_limit_reads_and_ingestion_get_429_problem_with_Retry_After_per_key_and_per_address()
    {
        var builder = MinimalHost.CreateBuilder(_fixture.Schema);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Analytics:RateLimits:Read:PermitLimit"] = "2",
            ["Analytics:RateLimits:Read:Window"] = "01:00:00",
            ["Analytics:RateLimits:Ingest:PermitLimit"] = "2",
            ["Analytics:RateLimits:Ingest:Window"] = "01:00:00",
        });
        builder.Services.AddAnalytics(builder.Configuration.GetSection("Analytics"));
        await using var app = builder.Build();
        app.MapAnalyticsEndpoints();
        await app.StartAsync();
        var first = app.GetTestClient().WithKey(await ReadKeys.CreateAsync(app.Services));
        var second = app.GetTestClient().WithKey(await ReadKeys.CreateAsync(app.Services));
        const string realtime = "/api/v1/stats/realtime/visitors?site_id=shop.test";

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await first.GetAsync(realtime);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var limited = await first.GetAsync(realtime);
        using var otherKey = await second.GetAsync(realtime);
        await Api.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        AssertRetryAfterWithinTheWindow(limited);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);

        var browser = app.GetTestClient();
        await browser.PostCreatedAsync("""{"page":"/limited"}""");
        await browser.PostCreatedAsync("""{"page":"/limited"}""");
        var before = await _fixture.Schema.CountEventsAsync();
        using var refused = await browser.PostEventAsync("""{"page":"/limited"}""");
        await Api.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        AssertRetryAfterWithinTheWindow(refused);
        Assert.Equal(before, await _fixture.Schema.CountEventsAsync());
    }

    private static void AssertRetryAfterWithinTheWindow(HttpResponseMessage response)
    {
        var delta = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(delta);
        Assert.InRange(delta.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Text)> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(LogLevel Level, string Text)> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
