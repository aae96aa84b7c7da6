namespace Analytics.AspNetCore.Tests.Infrastructure;

/// <summary>A DuckDB file of a fixture's own in the temporary folder, in place of its PostgreSQL schema (<see cref="ApiFixture.UsesDuckDb"/>).</summary>
internal sealed class DuckDbFile
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"analytics-http-{Guid.NewGuid():N}.duckdb");

    /// <summary><paramref name="settings"/> with the connection string swapped for Analytics:DuckDbPath.</summary>
    public IEnumerable<KeyValuePair<string, string>> Use(IEnumerable<KeyValuePair<string, string>> settings) =>
    [
        .. settings.Where(setting => setting.Key != "Analytics:ConnectionString"),
        new("Analytics:DuckDbPath", _path),
    ];

    /// <summary>Deletes the file and its write-ahead log, once the host that held them has stopped.</summary>
    public void Delete()
    {
        File.Delete(_path);
        File.Delete(_path + ".wal");
    }
}
