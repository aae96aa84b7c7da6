using System.Net;
using System.Net.Http.Headers;
using Analytics.AspNetCore.Tests.Infrastructure;

namespace Analytics.AspNetCore.Tests.Access;

/// <summary>
/// Every read route needs a read key: without one 401, with a key of another site (or an ingest key) 403, with the
/// right key 200; both as problem details. Run on each store, since keys live in the store.
/// </summary>
public abstract class ReadAccessTests<TFixture>
    where TFixture : ReadAccessFixture
{
    private readonly TFixture _fixture;

    protected ReadAccessTests(TFixture fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [MemberData(nameof(ReadRoutes.All), MemberType = typeof(ReadRoutes))]
    public async Task A_read_without_a_key_gets_401_problem_asking_for_a_bearer_key(string route)
    {
        using var response = await SendAsync(_fixture.CreateAnonymousClient(), route);

        var problem = await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Contains("--create-api-key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ReadRoutes.All), MemberType = typeof(ReadRoutes))]
    public async Task A_read_with_a_key_of_another_site_gets_403_problem(string route)
    {
        using var response = await SendAsync(_fixture.CreateAnonymousClient().WithKey(_fixture.OtherSiteKey), route);

        await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(ReadRoutes.All), MemberType = typeof(ReadRoutes))]
    public async Task A_read_with_an_ingest_key_gets_403_problem(string route)
    {
        using var response = await SendAsync(_fixture.CreateAnonymousClient().WithKey(_fixture.IngestKey), route);

        await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(ReadRoutes.All), MemberType = typeof(ReadRoutes))]
    public async Task A_read_with_a_revoked_or_malformed_key_gets_401_problem(string route)
    {
        using var revoked = await SendAsync(_fixture.CreateAnonymousClient().WithKey(_fixture.RevokedKey), route);
        using var malformed = await SendAsync(_fixture.CreateAnonymousClient().WithKey("not-a-key"), route);

        await Api.AssertProblemAsync(revoked, HttpStatusCode.Unauthorized);
        await Api.AssertProblemAsync(malformed, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(ReadRoutes.All), MemberType = typeof(ReadRoutes))]
    public async Task A_read_with_the_sites_key_or_an_all_sites_key_gets_200(string route)
    {
        using var siteKey = await SendAsync(_fixture.CreateAnonymousClient().WithKey(_fixture.SiteKey), route);
        using var allSites = await SendAsync(_fixture.CreateClient(), route);

        await Api.ReadJsonAsync(siteKey);
        await Api.ReadJsonAsync(allSites);
    }

    [Fact]
    public async Task The_seed_aggregate_without_a_site_means_every_site_so_a_single_site_key_gets_403_and_an_all_sites_key_200()
    {
        using var siteKey = await _fixture.CreateAnonymousClient().WithKey(_fixture.SiteKey).GetAsync("/api/events?duration=1 hour");
        using var allSites = await _fixture.CreateClient().GetAsync("/api/events?duration=1 hour");

        var problem = await Api.AssertProblemAsync(siteKey, HttpStatusCode.Forbidden);
        Assert.Contains("site=", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Api.ReadJsonAsync(allSites);
    }

    [Fact]
    public async Task A_key_in_another_scheme_or_lower_case_bearer_is_read_as_the_spec_says()
    {
        var client = _fixture.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("bearer", _fixture.SiteKey);
        using var lowerCase = await client.GetAsync("/api/v1/stats/realtime/visitors?site_id=shop.test");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", _fixture.SiteKey);
        using var basic = await client.GetAsync("/api/v1/stats/realtime/visitors?site_id=shop.test");

        Assert.Equal(HttpStatusCode.OK, lowerCase.StatusCode);
        await Api.AssertProblemAsync(basic, HttpStatusCode.Unauthorized);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, string route)
    {
        var parts = route.Split(' ', 2);
        var path = parts[1].Replace("{id}", _fixture.EventId, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(parts[0]), path);
        if (parts[0] == "POST")
        {
            request.Content = Api.Json("""{"site_id":"shop.test","metrics":["visitors","pageviews"],"date_range":"day"}""");
        }

        return await client.SendAsync(request);
    }
}

/// <summary>On PostgreSQL.</summary>
public sealed class PostgreSqlReadAccessTests(ReadAccessFixture fixture) : ReadAccessTests<ReadAccessFixture>(fixture), IClassFixture<ReadAccessFixture>;

/// <summary>On DuckDB.</summary>
public sealed class DuckDbReadAccessTests(DuckDbReadAccessFixture fixture) : ReadAccessTests<DuckDbReadAccessFixture>(fixture), IClassFixture<DuckDbReadAccessFixture>;

/// <summary>Every read route, asking about shop.test, each also with a trailing slash.</summary>
public static class ReadRoutes
{
    public static TheoryData<string> All() =>
    [
        "GET /api/events?site=shop.test",
        "GET /api/events/?site=shop.test&duration=1 hour",
        "GET /api/events/{id}",
        "GET /api/events/{id}/",
        "POST /api/v2/query",
        "POST /api/v2/query/",
        "GET /api/v1/stats/realtime/visitors?site_id=shop.test",
        "GET /api/v1/stats/realtime/visitors/?site_id=shop.test",
    ];
}
