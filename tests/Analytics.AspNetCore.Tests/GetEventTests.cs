using System.Net;
using Analytics.AspNetCore.Tests.Infrastructure;

namespace Analytics.AspNetCore.Tests;

/// <summary>GET /api/events/{id}.</summary>
public sealed class GetEventTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _fixture;

    public GetEventTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Get_of_a_posted_id_returns_the_event()
    {
        var client = _fixture.CreateClient();
        var created = await client.PostCreatedAsync(Api.SeedExample);
        var id = created.GetProperty("id").GetString();

        using var response = await client.GetAsync($"/api/events/{id}");
        var stored = await Api.ReadJsonAsync(response);

        Assert.Equal(id, stored.GetProperty("id").GetString());
        Assert.Equal("/pricing", stored.GetProperty("page").GetString());
    }

    [Fact]
    public async Task Get_of_an_unknown_uuid_returns_404_problem()
    {
        var client = _fixture.CreateClient();

        using var response = await client.GetAsync($"/api/events/{Guid.CreateVersion7()}");

        await Api.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("12345")]
    [InlineData("0190a0b0-0000-7000-8000-00000000000")]
    public async Task Get_of_something_not_a_uuid_returns_400_naming_id(string id)
    {
        var client = _fixture.CreateClient();

        using var response = await client.GetAsync($"/api/events/{id}");

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, "id");
    }
}
