using Analytics.AspNetCore.Tests.Infrastructure;

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
        Assert.Equal("#/components/schemas/PageViewInput", content.GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());

        var properties = document.GetProperty("components").GetProperty("schemas").GetProperty("PageViewInput").GetProperty("properties");
        Assert.Equal(
            ["duration", "id", "ip_address", "page", "referrer", "session_id", "timestamp", "user_agent"],
            properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_endpoint_of_the_api_is_in_the_document()
    {
        using var response = await _fixture.CreateClient().GetAsync("/openapi/v1.json");
        var document = await Api.ReadJsonAsync(response);

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/events").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/events").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/events/{id}").TryGetProperty("get", out _));
    }
}
