using System.Net;
using System.Net.Http.Headers;
using Analytics.AspNetCore.Tests.Infrastructure;
using Analytics.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// How an application embeds the API: under a route group, behind its own authorization, and what happens when
/// it forgets AddAnalytics or calls it twice.
/// </summary>
public sealed class HostingApiTests : IClassFixture<SchemaFixture>
{
    private readonly SchemaFixture _fixture;

    public HostingApiTests(SchemaFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Endpoints_mapped_in_a_group_are_served_under_its_prefix()
    {
        var builder = MinimalHost.CreateBuilder(_fixture.Schema);
        builder.Services.AddAnalytics(builder.Configuration.GetSection("Analytics"));
        await using var app = builder.Build();
        app.MapGroup("/stats").MapAnalyticsEndpoints();
        await app.StartAsync();
        var client = await app.GetTestClient().WithReadKeyAsync(app.Services);

        using var health = await client.GetAsync("/stats/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await health.Content.ReadAsStringAsync());

        using var post = await client.PostEventAsync("""{"page":"/grouped","duration":4}""", "/stats/api/events");
        var created = await Api.ReadJsonAsync(post, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        Assert.Equal($"/stats/api/events/{id}", post.Headers.Location?.OriginalString);

        using var get = await client.GetAsync(post.Headers.Location);
        Assert.Equal(id, (await Api.ReadJsonAsync(get)).GetProperty("id").GetString());

        var rows = await AggregateRows.GetAsync(client, "/stats/api/events/?pages=/grouped");
        Assert.Equal(1, Assert.Single(rows).Count);

        using var unprefixedHealth = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.NotFound, unprefixedHealth.StatusCode);
        using var unprefixedEvents = await client.PostEventAsync("""{"page":"/grouped"}""");
        Assert.Equal(HttpStatusCode.NotFound, unprefixedEvents.StatusCode);
    }

    [Fact]
    public async Task RequireAuthorization_on_the_result_makes_every_endpoint_return_401_without_credentials()
    {
        var builder = MinimalHost.CreateBuilder(_fixture.Schema);
        builder.Services.AddAnalytics(builder.Configuration.GetSection("Analytics"));
        builder.Services.AddAuthentication(TestAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, _ => { });
        builder.Services.AddAuthorization();
        await using var app = builder.Build();
        app.MapAnalyticsEndpoints().RequireAuthorization();
        await app.StartAsync();
        var anonymous = app.GetTestClient();
        var before = await _fixture.Schema.CountEventsAsync();

        using var post = await anonymous.PostEventAsync("""{"page":"/secret"}""");
        using var aggregate = await anonymous.GetAsync("/api/events?pages=/secret");
        using var byId = await anonymous.GetAsync($"/api/events/{Guid.CreateVersion7()}");
        using var health = await anonymous.GetAsync("/health");

        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, aggregate.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, byId.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, health.StatusCode);
        Assert.Equal(before, await _fixture.Schema.CountEventsAsync());

        var authenticated = app.GetTestClient();
        authenticated.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(TestAuthenticationHandler.SchemeName);
        using var allowedPost = await authenticated.PostEventAsync("""{"page":"/secret"}""");
        Assert.Equal(HttpStatusCode.Created, allowedPost.StatusCode);
        using var allowedHealth = await authenticated.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, allowedHealth.StatusCode);
    }

    [Fact]
    public async Task Mapping_without_AddAnalytics_throws_InvalidOperationException_naming_AddAnalytics()
    {
        var builder = MinimalHost.CreateBuilder(_fixture.Schema);
        await using var app = builder.Build();

        var exception = Assert.Throws<InvalidOperationException>(() => app.MapAnalyticsEndpoints());

        Assert.Contains("AddAnalytics", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAnalytics_called_twice_registers_one_health_check_and_one_store_lifetime()
    {
        var builder = MinimalHost.CreateBuilder(_fixture.Schema);
        builder.Services.AddAnalytics(builder.Configuration.GetSection("Analytics"));
        builder.Services.AddAnalytics(builder.Configuration.GetSection("Analytics"));
        await using var app = builder.Build();
        app.MapAnalyticsEndpoints();
        await app.StartAsync();

        using var health = await app.GetTestClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await health.Content.ReadAsStringAsync());
        var registrations = app.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Single(registrations, r => r.Tags.Contains(AnalyticsServiceCollectionExtensions.HealthCheckTag));
        Assert.Single(app.Services.GetServices<IHostedService>().OfType<AnalyticsStoreLifetime>());
    }

    [Fact]
    public async Task The_store_lifetime_can_be_stopped_again_after_the_host_disposed_it()
    {
        // WebApplicationFactory stops the host while the application's own Run() stops and disposes it, so a hosted
        // service may see StopAsync after Dispose; that must not throw out of the factory's DisposeAsync.
        var builder = MinimalHost.CreateBuilder(_fixture.Schema);
        builder.Services.AddAnalytics(builder.Configuration.GetSection("Analytics"));
        await using var app = builder.Build();
        app.MapAnalyticsEndpoints();
        var lifetime = Assert.Single(app.Services.GetServices<IHostedService>().OfType<AnalyticsStoreLifetime>());
        await app.StartAsync();
        await app.StopAsync();
        lifetime.Dispose();

        var exception = await Record.ExceptionAsync(() => lifetime.StopAsync(CancellationToken.None));

        Assert.Null(exception);
    }

    [Fact]
    public async Task AddAnalytics_with_a_connection_string_and_Configure_serves_the_api()
    {
        var builder = MinimalHost.CreateBuilder(_fixture.Schema);
        builder.Services.AddAnalytics(_fixture.Schema.ConnectionString).Configure(options => options.Schema = _fixture.Schema.Name);
        await using var app = builder.Build();
        app.MapAnalyticsEndpoints();
        await app.StartAsync();
        var client = await app.GetTestClient().WithReadKeyAsync(app.Services);

        var created = await client.PostCreatedAsync("""{"page":"/configured"}""");

        using var get = await client.GetAsync($"/api/events/{created.GetProperty("id").GetString()}");
        Assert.Equal("/configured", (await Api.ReadJsonAsync(get)).GetProperty("page").GetString());
    }

    [Fact]
    public async Task UseNpgsqlDataSource_stores_through_the_hosts_data_source_and_leaves_it_open()
    {
        await using var dataSource = NpgsqlDataSource.Create(_fixture.Schema.ConnectionString);
        var builder = MinimalHost.CreateBuilder(_fixture.Schema);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddAnalytics(options => options.Schema = _fixture.Schema.Name).UseNpgsqlDataSource();
        await using (var app = builder.Build())
        {
            app.MapAnalyticsEndpoints();
            await app.StartAsync();

            await app.GetTestClient().PostCreatedAsync("""{"page":"/host-data-source"}""");
            await app.StopAsync();
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{_fixture.Schema.Name}\".events WHERE page = '/host-data-source'", connection);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_read_only_node_serves_the_stats_api_from_the_shared_store_and_maps_no_ingestion()
    {
        var writer = MinimalHost.CreateBuilder(_fixture.Schema);
        writer.Services.AddAnalytics(writer.Configuration.GetSection("Analytics"));
        await using var ingesting = writer.Build();
        ingesting.MapAnalyticsEndpoints();
        await ingesting.StartAsync();
        await ingesting.GetTestClient().PostCreatedAsync("""{"page":"/read-only","site":"read-only.test"}""");

        var reader = MinimalHost.CreateBuilder(_fixture.Schema);
        reader.Services.AddAnalytics(reader.Configuration.GetSection("Analytics")).WithoutIngestion();
        await using var reading = reader.Build();
        reading.MapAnalyticsEndpoints();
        await reading.StartAsync();
        var client = await reading.GetTestClient().WithReadKeyAsync(reading.Services);

        Assert.Null(reading.Services.GetService<Analytics.Ingestion.IngestionPipeline>());
        Assert.DoesNotContain(reading.Services.GetServices<IHostedService>(), s => s is Analytics.Ingestion.IngestionPipeline);
        using var post = await client.PostAsync("/api/events", new StringContent("""{"page":"/x"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        using var batch = await client.PostAsync("/api/events/batch", new StringContent("[]", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(batch.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, batch.StatusCode.ToString());

        using var query = await client.PostAsync(
            "/api/v2/query",
            new StringContent("""{"site_id":"read-only.test","metrics":["pageviews"],"date_range":"day"}""", System.Text.Encoding.UTF8, "application/json"));
        var answer = await Api.ReadJsonAsync(query);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal(1, answer.GetProperty("results")[0].GetProperty("metrics")[0].GetInt64());
    }
}
