using Analytics.AspNetCore.Tests.Infrastructure;
using Analytics.Testing;

namespace Analytics.AspNetCore.Tests.Hostile;

/// <summary>
/// The standalone host serving shop.test (also Umami website <see cref="HostileRequests.UmamiWebsite"/>) for the
/// hostile-input suite. Authentication lives here, in one place: <see cref="Authorize"/> is what every request of the
/// suite goes through: reads carry the fixture's read key. The rate limits are raised out of the way, so that the
/// suite's ten thousand requests from one address reach the handlers instead of ending in 429.
/// </summary>
public class HostileFixture : ApiFixture
{
    /// <summary>
    /// Gives <paramref name="request"/> the credentials its route needs: the read key on reads, unless the request
    /// already carries a hostile Authorization header of its own.
    /// </summary>
    public virtual void Authorize(HttpRequestMessage request, bool isRead)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (isRead && request.Headers.Authorization is null && !request.Headers.Contains("Authorization"))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ReadKey);
        }
    }

    /// <summary>Stores the event whose id some requests of <c>GET /api/events/{id}</c> ask for.</summary>
    protected override async Task SeedAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events")
        {
            Content = Api.Json($$"""{"id":"{{HostileRequests.KnownId}}","site":"{{HostileRequests.Site}}","page":"/known"}"""),
        };
        Authorize(request, isRead: false);
        using var response = await client.SendAsync(request);
        await Api.ReadJsonAsync(response, System.Net.HttpStatusCode.Created);
    }

    protected override IEnumerable<KeyValuePair<string, string>> Settings(TestSchema schema) =>
    [
        .. base.Settings(schema),
        new("Analytics:Sites:0:Domain", HostileRequests.Site),
        new("Analytics:Sites:0:UmamiWebsiteId", HostileRequests.UmamiWebsite),
        new("Analytics:RateLimits:Ingest:PermitLimit", "1000000"),
        new("Analytics:RateLimits:Read:PermitLimit", "1000000"),
    ];
}

/// <summary>The same on DuckDB.</summary>
public sealed class DuckDbHostileFixture : HostileFixture
{
    protected override bool UsesDuckDb => true;
}
