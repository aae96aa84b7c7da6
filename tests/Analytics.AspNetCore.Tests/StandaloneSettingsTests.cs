using Analytics.AspNetCore.Tests.Infrastructure;
using Analytics.Testing;

namespace Analytics.AspNetCore.Tests;

/// <summary>The standalone host configured only with the seed's variables: DATABASE_URL (a postgresql:// URL) and DB_TIMEZONE.</summary>
public sealed class StandaloneSettingsTests : IClassFixture<StandaloneSettingsTests.SeedVariablesFixture>
{
    private readonly SeedVariablesFixture _fixture;

    public StandaloneSettingsTests(SeedVariablesFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task DATABASE_URL_and_DB_TIMEZONE_are_honoured()
    {
        var client = _fixture.CreateClient();
        await client.PostCreatedAsync("""{"page":"/seed-variables","timestamp":"2026-02-09T03:00:00Z"}""");

        var rows = await AggregateRows.GetAsync(client, "/api/events?pages=/seed-variables");

        // 03:00 UTC is still the evening before in New York.
        Assert.Equal("2026-02-08T00:00:00-05:00", Assert.Single(rows).Bucket);
        Assert.Equal(1, await _fixture.Schema.CountEventsAsync());
    }

    /// <summary>No Analytics:ConnectionString or Analytics:TimeZone: only the seed's names.</summary>
    public sealed class SeedVariablesFixture : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings(TestSchema schema) =>
        [
            new("DATABASE_URL", StandaloneProcess.DatabaseUrl(schema.ConnectionString)),
            new("DB_TIMEZONE", "America/New_York"),
            new("Analytics:Schema", schema.Name),
        ];
    }
}
