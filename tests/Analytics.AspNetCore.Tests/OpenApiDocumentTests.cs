using Analytics.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.AspNetCore.Tests;

/// <summary>The standalone host's OpenAPI document describes the API a client codes against.</summary>
public sealed class OpenApiDocumentTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _fixture;

    public OpenApiDocumentTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Post_body_is_documented_as_json_page_view_input()
    {
        using var response = await _fixture.CreateClient().GetAsync("/openapi/v1.json");
        var document = await Api.ReadJsonAsync(response);

        var post = document.GetProperty("paths").GetProperty("/api/events").GetProperty("post");
        var content = post.GetProperty("requestBody").GetProperty("content");
        Assert.Equal(["application/json"], content.EnumerateObject().Select(p => p.Name));
        Assert.Equal("#/components/schemas/EventInput", content.GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());

        var properties = document.GetProperty("components").GetProperty("schemas").GetProperty("EventInput").GetProperty("properties");
        Assert.Equal(
            ["duration", "id", "interactive", "ip_address", "name", "page", "props", "referrer", "session_id", "site", "timestamp", "user_agent"],
            properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_api_route_the_app_maps_is_in_the_document_with_its_method()
    {
        using var response = await _fixture.CreateClient().GetAsync("/openapi/v1.json");
        var paths = (await Api.ReadJsonAsync(response)).GetProperty("paths");

        // From the app's own routing table, so a route added later cannot be missed. The health probes are not API
        // operations (MapHealthChecks, docs/operations.md) and the tracker script is excluded on purpose.
        var routes = _fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: "/" + e.RoutePattern.RawText!.Trim('/'), Method: m.ToLowerInvariant())))
            .Distinct()
            .ToList();

        Assert.Contains(("/api/events/batch", "post"), routes);
        Assert.Contains(("/api/event", "post"), routes);
        Assert.True(routes.Count >= 9, string.Join(", ", routes));
        Assert.All(routes, route => Assert.True(
            paths.TryGetProperty(route.Path, out var operations) && operations.TryGetProperty(route.Method, out _),
            $"{route.Method} {route.Path} is not in the OpenAPI document"));
    }

    [Fact]
    public async Task Stats_query_documents_its_body_its_answer_and_an_example()
    {
        using var response = await _fixture.CreateClient().GetAsync("/openapi/v1.json");
        var document = await Api.ReadJsonAsync(response);

        var post = document.GetProperty("paths").GetProperty("/api/v2/query").GetProperty("post");
        var body = post.GetProperty("requestBody").GetProperty("content");
        Assert.Equal(["application/json"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("#/components/schemas/StatsQueryRequest", body.GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Contains("\"date_range\": \"7d\"", post.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            "#/components/schemas/StatsResponse",
            post.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(post.GetProperty("responses").TryGetProperty("400", out _));

        // The worked example on the body and on the answer, as /docs shows them.
        var example = body.GetProperty("application/json").GetProperty("example");
        Assert.Equal("shop.test", example.GetProperty("site_id").GetString());
        var answer = post.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal(2, answer.GetProperty("results").GetArrayLength());
        Assert.Equal("7d", example.GetProperty("date_range").GetString());

        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.Equal(
            ["date_range", "dimensions", "filters", "include", "metrics", "order_by", "pagination", "site_id"],
            schemas.GetProperty("StatsQueryRequest").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["meta", "query", "results"],
            schemas.GetProperty("StatsResponse").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_read_key_is_declared_as_a_bearer_scheme_required_by_every_read_and_by_no_ingest_route()
    {
        using var response = await _fixture.CreateAnonymousClient().GetAsync("/openapi/v1.json");
        var document = await Api.ReadJsonAsync(response);

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ReadKey");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[] { ("/api/events", "get"), ("/api/events/{id}", "get"), ("/api/v2/query", "post"), ("/api/v1/stats/realtime/visitors", "get") })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.True(operation.TryGetProperty("security", out var security), $"{method} {path} declares no security");
            Assert.True(security[0].TryGetProperty("ReadKey", out _), $"{method} {path}: {security}");
            Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _), $"{method} {path} documents no 401");
            Assert.True(operation.GetProperty("responses").TryGetProperty("429", out _), $"{method} {path} documents no 429");
        }

        foreach (var path in new[] { "/api/events", "/api/events/batch", "/api/event", "/api/send", "/api/batch" })
        {
            Assert.False(paths.GetProperty(path).GetProperty("post").TryGetProperty("security", out _), $"POST {path} declares security");
        }
    }
}
