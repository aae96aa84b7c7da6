using Analytics.AspNetCore.Tests.Infrastructure;
using Analytics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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

    [Fact]
    public void The_service_lets_DuckDB_use_half_the_memory_it_may_use_unless_told()
    {
        var options = _fixture.Factory.Services.GetRequiredService<IOptions<AnalyticsOptions>>().Value;
        var halfMiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2 / (1024 * 1024);

        Assert.Equal($"{Math.Max(1024, halfMiB)}MiB", options.DuckDb.MemoryLimit);
        Assert.NotEqual(DuckDbOptions.DefaultMemoryLimit, options.DuckDb.MemoryLimit);
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
