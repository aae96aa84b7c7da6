using System.Net;
using System.Text;
using Analytics.AspNetCore.Tests.Infrastructure;

namespace Analytics.AspNetCore.Tests;

/// <summary>POST /api/events/batch over HTTP, as a JSON array and as NDJSON: valid items stored, invalid ones named by index.</summary>
public sealed class PostEventBatchTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _fixture;

    public PostEventBatchTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [InlineData("application/json", """[{"page":"/batch/a"},{"duration":3},{"page":"/batch/c","duration":12}]""")]
    [InlineData("application/x-ndjson", "{\"page\":\"/batch/a\"}\n{\"duration\":3}\n{\"page\":\"/batch/c\",\"duration\":12}\n")]
    public async Task Valid_items_are_stored_and_an_invalid_one_is_named_by_its_index(string contentType, string body)
    {
        using var client = _fixture.CreateClient();

        using var response = await client.PostAsync("/api/events/batch", new StringContent(body, Encoding.UTF8, contentType));

        var answer = await Api.ReadJsonAsync(response);
        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(1, answer.GetProperty("rejected").GetInt32());
        var ids = answer.GetProperty("ids").EnumerateArray().ToArray();
        Assert.Equal(3, ids.Length);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, ids[1].ValueKind);
        var error = Assert.Single(answer.GetProperty("errors").EnumerateArray());
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.True(error.GetProperty("errors").TryGetProperty("page", out _), error.ToString());

        foreach (var (id, page, duration) in new[] { (ids[0].GetString(), "/batch/a", (int?)null), (ids[2].GetString(), "/batch/c", 12) })
        {
            using var get = await client.GetAsync($"/api/events/{id}");
            var stored = await Api.ReadJsonAsync(get);
            Assert.Equal(page, stored.GetProperty("page").GetString());
            Assert.Equal(duration, stored.TryGetProperty("duration", out var d) && d.ValueKind == System.Text.Json.JsonValueKind.Number ? d.GetInt32() : null);
        }
    }

    [Fact]
    public async Task A_batch_whose_items_are_all_invalid_is_a_400_naming_each_item_and_field()
    {
        using var response = await _fixture.CreateClient().PostAsync("/api/events/batch", Api.Json("""[{"duration":3},{"page":""}]"""));

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("[0].page", fields);
        Assert.Contains("[1].page", fields);
    }

    [Fact]
    public async Task More_items_than_MaxBatchEvents_is_a_413()
    {
        var body = "[" + string.Join(",", Enumerable.Repeat("""{"page":"/x"}""", 1001)) + "]";

        using var response = await _fixture.CreateClient().PostAsync("/api/events/batch", Api.Json(body));

        await Api.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_body_that_is_not_a_json_array_or_ndjson_is_a_415()
    {
        using var response = await _fixture.CreateClient().PostAsync("/api/events/batch", new StringContent("page=/a", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await Api.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_malformed_array_is_a_400_naming_the_body()
    {
        using var response = await _fixture.CreateClient().PostAsync("/api/events/batch", Api.Json("""[{"page":"/a"},"""));

        await Api.AssertProblemAsync(response, HttpStatusCode.BadRequest, "body");
    }
}
