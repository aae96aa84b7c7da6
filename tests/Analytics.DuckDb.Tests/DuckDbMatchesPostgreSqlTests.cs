using Analytics.Events;
using Analytics.Querying;
using Analytics.Storage;
using Analytics.Storage.DuckDb;
using Analytics.Storage.PostgreSql;
using Analytics.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Analytics.DuckDb.Tests;

/// <summary>
/// The same events in both stores must aggregate to the same rows, for every width, in zones with DST at 02:00,
/// at midnight, a 30-minute DST shift, a 45-minute offset, and the southern hemisphere. PostgreSQL is the reference.
/// </summary>
public sealed class DuckDbMatchesPostgreSqlTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 9, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Widths =
        ["15 minutes", "1 hour", "7 hours", "1 day", "2 days", "1 week", "2 weeks", "1 month", "3 months", "5 months"];

    private static readonly string[] Pages = ["/", "/a", "/B", "/ü", "/a/b?x=1"];
    private static readonly string[] Systems = ["Windows", "macOS", "Linux", "iOS", "Unknown"];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "analytics-duckdb-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero));
    private TestSchema? _schema;
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _schema = await TestSchema.CreateAsync("duckdb_diff");
        _dataSource = NpgsqlDataSource.Create(_schema.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_schema is not null)
        {
            await _dataSource.DisposeAsync();
            await _schema.DisposeAsync();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("America/Havana")]
    [InlineData("America/Santiago")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Asia/Kathmandu")]
    public async Task Every_width_aggregates_to_the_rows_postgresql_returns(string zone)
    {
        var options = new AnalyticsOptions { TimeZone = zone, Retention = TimeSpan.FromDays(3650) };
        var postgreSql = new PostgreSqlEventStore(
            _dataSource,
            new AnalyticsOptions { TimeZone = zone, Retention = options.Retention, Schema = _schema!.Name, Partitioning = PartitioningMode.Native },
            _clock);
        await using var duckDb = new DuckDbEventStore(Path.Combine(_directory, "diff.duckdb"), options, _clock);
        foreach (var store in new IEventStore[] { postgreSql, duckDb })
        {
            await store.EnsureSchemaAsync(CancellationToken.None);
            await store.AppendAsync(Events(TimeZoneInfo.FindSystemTimeZoneById(zone)), CancellationToken.None);
        }

        foreach (var width in Widths)
        {
            foreach (var pages in new[] { Array.Empty<string>(), ["/a", "/ü"] })
            {
                Assert.True(TimeBucketWidth.TryParse(width, out var parsed, out _));
                var query = new AggregateQuery { Width = parsed, From = Start.AddDays(3), To = End.AddDays(-3), Pages = pages };

                var expected = await postgreSql.AggregateAsync(query, CancellationToken.None);
                var actual = await duckDb.AggregateAsync(query, CancellationToken.None);

                Assert.NotEmpty(expected);
                Assert.Equal(Comparable(expected), Comparable(actual));
            }
        }
    }

    // Spread over the months, and dense within a day and a half of each offset change; fixed seed, so a failure reproduces.
    private static List<AnalyticsEvent> Events(TimeZoneInfo zone)
    {
        var random = new Random(20260329);
        var changes = UtcOffsetTimeline.For(zone, Start.UtcDateTime, End.UtcDateTime).Changes;
        var times = Enumerable.Range(0, 4000).Select(_ => Start.AddMinutes(Math.Floor(random.NextDouble() * (End - Start).TotalMinutes)))
            .Concat(changes.SelectMany(change => Enumerable.Range(0, 1000)
                .Select(_ => new DateTimeOffset(change.StartUtc).AddMinutes(random.Next(-36 * 60, 36 * 60)))))
            .ToList();
        return times.Select(minute =>
        {
            var time = minute.AddSeconds(random.Next(60));
            return new AnalyticsEvent
            {
                Id = Guid.CreateVersion7(time),
                Time = time,
                Page = Pages[random.Next(Pages.Length)],
                OperatingSystem = Systems[random.Next(Systems.Length)],
                Duration = random.Next(4) == 0 ? null : random.Next(600),
            };
        }).ToList();
    }

    private static List<(DateTimeOffset Bucket, TimeSpan Offset, string Page, string OperatingSystem, double? AvgDuration, long Count)> Comparable(
        IReadOnlyList<AggregateRow> rows) =>
        rows.Select(r => (r.Bucket, r.Bucket.Offset, r.Page, r.OperatingSystem, r.AvgDuration is { } d ? Math.Round(d, 9) : (double?)null, r.Count)).ToList();
}
