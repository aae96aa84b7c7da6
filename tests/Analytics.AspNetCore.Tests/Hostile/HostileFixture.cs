using Analytics.AspNetCore.Tests.Infrastructure;
using Analytics.Testing;

namespace Analytics.AspNetCore.Tests.Hostile;

/// <summary>
/// The standalone host serving shop.test (also Umami website <see cref="HostileRequests.UmamiWebsite"/>) for the
/// hostile-input suite. Authentication lives here, in one place: <see cref="Authorize"/> is what every request of the
/// suite goes through, so when reads need a key it is added there (and the key created in <see cref="SeedAsync"/>).
/// </summary>
public class HostileFixture : ApiFixture
{
    /// <summary>
    /// Gives <paramref name="request"/> the credentials its route needs. Reads are open today; once they require a
    /// read key (issue 13, item 3), add <c>Authorization: Bearer</c> with a key made in <see cref="SeedAsync"/> here,
    /// unless the request already carries a hostile Authorization header of its own.
    /// </summary>
    public virtual void Authorize(HttpRequestMessage request, bool isRead)
    {
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
    ];
}

/// <summary>The same on DuckDB.</summary>
public sealed class DuckDbHostileFixture : HostileFixture
{
    protected override bool UsesDuckDb => true;
}
