using Analytics.ApiKeys;
using Analytics.AspNetCore.Tests.Infrastructure;
using Analytics.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.AspNetCore.Tests.Access;

/// <summary>
/// The standalone host serving shop.test and other.test, with one event of shop.test stored, and keys: read keys of
/// shop.test, of other.test and of every site, an ingest key, and a read key already revoked.
/// </summary>
public class ReadAccessFixture : ApiFixture
{
    public const string Site = "shop.test";
    public const string OtherSite = "other.test";

    public string EventId { get; private set; } = "";

    public string SiteKey { get; private set; } = "";

    public string OtherSiteKey { get; private set; } = "";

    public string IngestKey { get; private set; } = "";

    public string RevokedKey { get; private set; } = "";

    protected override IEnumerable<KeyValuePair<string, string>> Settings(TestSchema schema) =>
    [
        .. base.Settings(schema),
        new("Analytics:Sites:0:Domain", Site),
        new("Analytics:Sites:1:Domain", OtherSite),
    ];

    protected override async Task SeedAsync(HttpClient client)
    {
        var created = await client.PostCreatedAsync($$"""{"page":"https://{{Site}}/keys"}""");
        EventId = created.GetProperty("id").GetString()!;
        SiteKey = await ReadKeys.CreateAsync(Factory.Services, Site);
        OtherSiteKey = await ReadKeys.CreateAsync(Factory.Services, OtherSite);
        IngestKey = await ReadKeys.CreateAsync(Factory.Services, scope: ApiKeyScope.Ingest);
        RevokedKey = await ReadKeys.CreateAsync(Factory.Services);
        Assert.True(await Factory.Services.GetRequiredService<IApiKeyService>().RevokeAsync(RevokedKey, CancellationToken.None));
    }
}

/// <summary>The same on the embedded DuckDB store.</summary>
public sealed class DuckDbReadAccessFixture : ReadAccessFixture
{
    protected override bool UsesDuckDb => true;
}
