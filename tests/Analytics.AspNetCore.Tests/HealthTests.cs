using System.Net;
using Analytics.AspNetCore.Tests.Infrastructure;

namespace Analytics.AspNetCore.Tests;

/// <summary>GET /health, /health/live and /health/ready with the database up.</summary>
public sealed class HealthTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _fixture;

    public HealthTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_liveness_and_readiness_return_200_ok_with_the_database_up(string path)
    {
        using var response = await _fixture.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
    }
}
