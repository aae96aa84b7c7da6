using System.Diagnostics.CodeAnalysis;
using System.Net;
using Analytics.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// The store cannot be reached (the connection string points at a closed port): health says so with 503, and the
/// API answers 503 with Retry-After instead of a 500 (a read's key cannot be checked either), while input it can refuse
/// without the store is still a 400.
/// </summary>
public sealed class StoreOutageTests : IClassFixture<StoreOutageTests.OutageFixture>
{
    private const string UmamiWebsite = "6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70";
    private readonly OutageFixture _fixture;

    public StoreOutageTests(OutageFixture fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    public async Task Health_and_readiness_return_503_unhealthy_when_the_store_cannot_be_reached(string path)
    {
        using var response = await _fixture.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"status":"unhealthy"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Liveness_returns_200_while_the_process_serves_though_the_store_cannot_be_reached()
    {
        using var response = await _fixture.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_returns_503_problem_with_Retry_After_when_the_store_cannot_be_reached()
    {
        using var response = await _fixture.CreateClient().PostEventAsync(Api.SeedExample);

        await Api.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        AssertRetryAfter(response);
    }

    [Fact]
    public async Task A_Plausible_event_gets_503_problem_with_Retry_After_when_the_store_cannot_be_reached()
    {
        using var content = new StringContent("""{"n":"pageview","u":"https://shop.test/","d":"shop.test"}""", System.Text.Encoding.UTF8, "text/plain");
        using var response = await _fixture.CreateClient().PostAsync("/api/event", content);

        await Api.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        AssertRetryAfter(response);
    }

    [Theory]
    [InlineData("/api/send", $$$"""{"type":"event","payload":{"website":"{{{UmamiWebsite}}}","hostname":"shop.test","url":"/"}}""")]
    [InlineData("/api/batch", $$$"""[{"type":"event","payload":{"website":"{{{UmamiWebsite}}}","hostname":"shop.test","url":"/"}}]""")]
    public async Task An_Umami_item_gets_503_problem_with_Retry_After_when_the_store_cannot_be_reached(string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Api.Json(body) };
        request.Headers.TryAddWithoutValidation("User-Agent", Api.WindowsUserAgent);
        using var response = await _fixture.CreateClient().SendAsync(request);

        await Api.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        AssertRetryAfter(response);
    }

    [Theory]
    [InlineData("/api/events?duration=1 hour")]
    [InlineData("/api/events/0190a0b0-0000-7000-8000-000000000001")]
    [InlineData("/api/v1/stats/realtime/visitors?site_id=shop.test")]
    public async Task Reads_return_503_problem_with_Retry_After_when_the_store_cannot_be_reached(string path)
    {
        using var response = await _fixture.CreateReadClient().GetAsync(path);

        await Api.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        AssertRetryAfter(response);
    }

    [Fact]
    public async Task Stats_queries_return_503_problem_with_Retry_After_when_the_store_cannot_be_reached()
    {
        using var response = await _fixture.CreateReadClient().PostAsync("/api/v2/query", Api.Json("""{"site_id":"shop.test","metrics":["visitors"],"date_range":"7d"}"""));

        await Api.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        AssertRetryAfter(response);
    }

    [Fact]
    public async Task An_ingest_key_that_cannot_be_checked_gets_503_problem_with_Retry_After()
    {
        using var response = await _fixture.CreateReadClient().PostEventAsync(Api.SeedExample);

        await Api.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        AssertRetryAfter(response);
    }

    [Fact]
    public async Task Bad_input_is_still_a_400_when_the_store_cannot_be_reached()
    {
        using var response = await _fixture.CreateClient().PostEventAsync("""{"duration":3}""");

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, "page");
    }

    private static void AssertRetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        Assert.NotNull(retryAfter);
        Assert.NotNull(retryAfter.Delta);
        Assert.True(retryAfter.Delta > TimeSpan.Zero, $"Retry-After is {retryAfter}");
    }

    /// <summary>The standalone host with a store on a port where nothing listens, and no schema work at startup.</summary>
    [SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
    public sealed class OutageFixture : IAsyncLifetime
    {
        private readonly WebApplicationFactory<Program> _root = new();
        private WebApplicationFactory<Program>? _factory;

        // Well formed but never created: checking it needs the store, which cannot answer.
        public HttpClient CreateClient() => (_factory ?? throw new InvalidOperationException("Not initialized.")).CreateClient();

        // Well formed but never created: checking it needs the store, which cannot answer.
        public HttpClient CreateReadClient() => CreateClient().WithKey("ak_" + new string('a', 56));

        public Task InitializeAsync()
        {
            _factory = _root.WithWebHostBuilder(builder =>
            {
                builder.UseSetting("Analytics:ConnectionString", "Host=127.0.0.1;Port=1;Username=postgres;Database=postgres;Timeout=5");
                builder.UseSetting("Analytics:Schema", "outage");
                builder.UseSetting("Analytics:ApplySchemaOnStartup", "false");
                builder.UseSetting("Analytics:Sites:0:Domain", "default");
                builder.UseSetting("Analytics:Sites:1:Domain", "shop.test");
                builder.UseSetting("Analytics:Sites:1:UmamiWebsiteId", UmamiWebsite);
            });

            // Starting must not wait for, or fail on, the missing database.
            using var client = _factory.CreateClient();
            return Task.CompletedTask;
        }

        public async Task DisposeAsync() => await _root.DisposeAsync();
    }
}
