using Analytics.Testing;

namespace Analytics.AspNetCore.Tests.Infrastructure;

/// <summary>An <see cref="ApiFixture"/> whose host stores events in a DuckDB file of its own, deleted afterwards.</summary>
public sealed class DuckDbApiFixture : ApiFixture, IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"api-{Guid.NewGuid():N}.duckdb");

    Task IAsyncLifetime.InitializeAsync() => InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        File.Delete(_path);
        File.Delete(_path + ".wal");
    }

    protected override IEnumerable<KeyValuePair<string, string>> Settings(TestSchema schema) =>
    [
        .. base.Settings(schema).Where(setting => setting.Key != "Analytics:ConnectionString"),
        new("Analytics:DuckDbPath", _path),
    ];
}
