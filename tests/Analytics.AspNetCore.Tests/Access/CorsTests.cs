using System.Net;
using Analytics.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Analytics.AspNetCore.Tests.Access;

/// <summary>
/// CORS in the standalone host: ingestion answers any origin; reads answer no other origin unless
/// <c>Cors:AllowedOrigins</c> names it, and the settings that used to open them to every origin (an empty list, an
/// entry at index 1 only) now fail closed.
/// </summary>
public sealed class CorsTests : IClassFixture<SchemaFixture>
{
    private const string Dashboard = "https://dash.test";
    private const string Stranger = "https://stranger.test";
    private readonly SchemaFixture _fixture;

    public CorsTests(SchemaFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task By_default_ingestion_allows_any_origin_and_reads_allow_none()
    {
        await using var host = Host();

        Assert.Equal("*", await PreflightAsync(host, "/api/event", Stranger));
        Assert.Equal("*", await PreflightAsync(host, "/api/events", Stranger));
        Assert.Null(await PreflightAsync(host, "/api/v2/query", Stranger));
        Assert.Null(await AllowedOriginAsync(host, "/api/v1/stats/realtime/visitors?site_id=shop.test", Stranger));
    }

    [Fact]
    public async Task An_empty_origin_list_allows_no_origin()
    {
        await using var host = Host(("Cors:AllowedOrigins:0", ""));

        Assert.Null(await PreflightAsync(host, "/api/v2/query", Stranger));
        Assert.Null(await AllowedOriginAsync(host, "/api/v1/stats/realtime/visitors?site_id=shop.test", Stranger));
    }

    [Fact]
    public async Task An_origin_set_at_index_1_only_is_the_one_origin_allowed()
    {
        await using var host = Host(("Cors:AllowedOrigins:1", Dashboard));

        Assert.Equal(Dashboard, await PreflightAsync(host, "/api/v2/query", Dashboard));
        Assert.Equal(Dashboard, await AllowedOriginAsync(host, "/api/v1/stats/realtime/visitors?site_id=shop.test", Dashboard));
        Assert.Null(await AllowedOriginAsync(host, "/api/v1/stats/realtime/visitors?site_id=shop.test", Stranger));
        Assert.Equal("*", await PreflightAsync(host, "/api/event", Stranger));
    }

    private WebApplicationFactory<Program> Host(params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Analytics:ConnectionString", _fixture.Schema.ConnectionString);
            builder.UseSetting("Analytics:Schema", _fixture.Schema.Name);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

    private static async Task<string?> PreflightAsync(WebApplicationFactory<Program> host, string path, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,authorization");
        using var response = await host.CreateClient().SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.OK or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotFound, response.StatusCode.ToString());
        return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
    }

    private static async Task<string?> AllowedOriginAsync(WebApplicationFactory<Program> host, string path, string origin)
    {
        using var client = host.CreateClient().WithKey(await ReadKeys.CreateAsync(host.Services));
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", origin);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
    }
}
