using System.Diagnostics;
using System.Globalization;
using Analytics.AggregateBenchmarks;
using Analytics.Querying;

// dotnet run -c Release --project benchmarks/Analytics.AggregateBenchmarks -- \
//     [--events N] [--postgres CONNSTRING] [--duckdb PATH] [--runs N] [--skip-generate]
// Generates the same synthetic page views into each store given (PostgreSQL only with --postgres), then times the
// aggregate of GET /api/events through IEventStore.AggregateAsync, and the stats API's dashboard set through
// IEventStore.QueryStatsAsync, each against the same SQL run directly, and the dashboard's load time in Debian's
// Chromium (--set aggregate|stats|dashboard|all).
var options = BenchmarkOptions.Parse(args);
if (options is null)
{
    return 2;
}

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.WriteLine($"Aggregate benchmark: {options.Events:N0} events, {options.Runs} runs per case, {Environment.ProcessorCount} logical CPUs, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

var engines = new List<IEngine>();
if (options.PostgreSql is not null)
{
    engines.Add(new PostgreSqlEngine(options.PostgreSql));
}

engines.Add(new DuckDbEngine(options.DuckDbPath));
var results = new List<(string Engine, BenchmarkCase Case, int Rows, double StoreMs, double DirectMs)>();
var statsResults = new List<(string Engine, string Case, int Rows, double StoreMs, double DirectMs)>();
var dashboardResults = new List<(string Engine, string View, double MedianMs, double MinMs, double MaxMs)>();
try
{
    // Data: reused when --skip-generate finds exactly the requested count, otherwise generated afresh. Every engine
    // generated in one run gets the same events (same seed, same end); reused data keeps its own end.
    var state = new List<(IEngine Engine, bool Reuse, DateTime? Latest)>();
    foreach (var engine in engines)
    {
        var (count, latest) = await engine.InspectAsync();
        var reuse = options.SkipGenerate && count == options.Events;
        if (options.SkipGenerate && !reuse)
        {
            Console.WriteLine($"{engine.Name}: holds {count:N0} events, not {options.Events:N0}; generating.");
        }

        state.Add((engine, reuse, latest));
    }

    var generatedEnd = state.Where(s => s.Reuse).Select(s => s.Latest).FirstOrDefault() is { } reused
        ? CeilingHour(reused)
        : FloorHour(DateTime.UtcNow);
    foreach (var (engine, reuse, _) in state)
    {
        if (reuse)
        {
            Console.WriteLine($"{engine.Name}: reusing {options.Events:N0} events already generated.");
            continue;
        }

        await GenerateAsync(engine, options.Events, generatedEnd);
    }

    foreach (var engine in engines)
    {
        var (count, latest) = await engine.InspectAsync();
        var end = CeilingHour(latest ?? generatedEnd);
        Console.WriteLine($"{engine.Name}: {count:N0} events up to {latest:yyyy-MM-dd HH:mm:ss} UTC; queries end at {end:yyyy-MM-dd HH:mm} UTC.");
        foreach (var benchmarkCase in options.Set is "aggregate" or "all" ? BenchmarkCase.All : [])
        {
            var (rows, storeMs, directMs) = await MeasureAsync(engine, benchmarkCase, end, options.Runs);
            results.Add((engine.Name, benchmarkCase, rows, storeMs, directMs));
            Console.WriteLine($"  {benchmarkCase.Name,-34} {rows,8:N0} rows  store {storeMs,9:F1} ms  direct {directMs,9:F1} ms  ratio {storeMs / directMs:F2}");
        }

        foreach (var statsCase in options.Set is "stats" or "all" ? StatsCase.All : [])
        {
            var (rows, storeMs, directMs) = await MeasureStatsAsync(engine, statsCase.Query(end), options.Runs);
            statsResults.Add((engine.Name, statsCase.Name, rows, storeMs, directMs));
            Console.WriteLine($"  stats: {statsCase.Name,-44} {rows,6:N0} rows  store {storeMs,9:F1} ms  direct {directMs,9:F1} ms  ratio {storeMs / directMs:F2}");
        }

        if (options.Set is "dashboard" or "all")
        {
            foreach (var (view, median, min, max) in await DashboardTiming.MeasureAsync(engine, EventGenerator.Site, options.Runs))
            {
                dashboardResults.Add((engine.Name, view, median, min, max));
                Console.WriteLine($"  dashboard: {view,-36} median {median,9:F1} ms  min {min,9:F1} ms  max {max,9:F1} ms");
            }
        }
    }
}
finally
{
    foreach (var engine in engines)
    {
        await engine.DisposeAsync();
    }
}

if (results.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine("| Engine | Case | Rows | Store ms (median) | Direct SQL ms (median) | Store / direct |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|");
    foreach (var (engine, benchmarkCase, rows, storeMs, directMs) in results)
    {
        Console.WriteLine($"| {engine} | {benchmarkCase.Name} | {rows:N0} | {storeMs:F1} | {directMs:F1} | {storeMs / directMs:F2} |");
    }
}

if (statsResults.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine("| Engine | Stats API query | Rows | Store ms (median) | Direct SQL ms (median) | Store / direct |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|");
    foreach (var (engine, name, rows, storeMs, directMs) in statsResults)
    {
        Console.WriteLine($"| {engine} | {name} | {rows:N0} | {storeMs:F1} | {directMs:F1} | {storeMs / directMs:F2} |");
    }
}

if (dashboardResults.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine("| Engine | Dashboard view | Navigation to drawn, ms (median) | Min | Max |");
    Console.WriteLine("|---|---|---:|---:|---:|");
    foreach (var (engine, view, median, min, max) in dashboardResults)
    {
        Console.WriteLine($"| {engine} | {view} | {median:F0} | {min:F0} | {max:F0} |");
    }
}

if (results.Count + statsResults.Count > 0)
{
    var worst = results.Select(r => r.StoreMs / r.DirectMs).Concat(statsResults.Select(r => r.StoreMs / r.DirectMs)).Max();
    Console.WriteLine($"Target store <= 1.3 x direct: {(worst <= 1.3 ? "holds" : "missed")} (worst ratio {worst:F2}).");
}
return 0;

static async Task GenerateAsync(IEngine engine, int total, DateTime end)
{
    await engine.ResetAsync(end);
    var store = engine.Store("UTC");
    var progress = new ProgressLine(engine.Name, total);
    var append = new Stopwatch();
    var written = 0L;
    foreach (var batch in new EventGenerator(total, end).Batches(BenchmarkOptions.BatchSize))
    {
        append.Start();
        await store.AppendAsync(batch, CancellationToken.None);
        append.Stop();
        written += batch.Count;
        progress.Report(written);
    }

    var finish = Stopwatch.StartNew();
    await engine.FinishAsync();
    progress.Complete(written, append.Elapsed, finish.Elapsed);
}

// Checks once that the direct SQL returns the store's rows (doubles as the first warm-up), warms up once more, then
// alternates store and direct runs so that noise on the shared machine hits both alike.
static async Task<(int Rows, double StoreMs, double DirectMs)> MeasureAsync(IEngine engine, BenchmarkCase benchmarkCase, DateTime end, int runs)
{
    var store = engine.Store(benchmarkCase.Zone);
    var query = benchmarkCase.Query(end);
    var statsQuery = AggregateStats.ToStatsQuery(query, TimeZoneInfo.FindSystemTimeZoneById(benchmarkCase.Zone));
    var expected = await store.AggregateAsync(query, CancellationToken.None);
    var direct = (await engine.DirectStatsAsync(statsQuery)).Select(row => AggregateStats.ToRow(row, query)).ToList();
    Verify(engine, benchmarkCase, expected, direct);

    await store.AggregateAsync(query, CancellationToken.None);
    await engine.DirectStatsAsync(statsQuery);
    var storeTimes = new List<double>();
    var directTimes = new List<double>();
    for (var run = 0; run < runs; run++)
    {
        if (run % 2 == 0)
        {
            storeTimes.Add(await TimeAsync(() => store.AggregateAsync(query, CancellationToken.None)));
            directTimes.Add(await TimeAsync(() => engine.DirectStatsAsync(statsQuery)));
        }
        else
        {
            directTimes.Add(await TimeAsync(() => engine.DirectStatsAsync(statsQuery)));
            storeTimes.Add(await TimeAsync(() => store.AggregateAsync(query, CancellationToken.None)));
        }
    }

    return (expected.Count, Median(storeTimes), Median(directTimes));
}

// As MeasureAsync: one run each to check the row counts agree and to warm up, then alternating timed runs.
static async Task<(int Rows, double StoreMs, double DirectMs)> MeasureStatsAsync(IEngine engine, Analytics.Querying.Stats.StatsQuery query, int runs)
{
    var store = engine.Store("UTC");
    var expected = (await store.QueryStatsAsync(query, CancellationToken.None)).Rows;
    var direct = await engine.DirectStatsAsync(query);
    if (expected.Count != direct.Count || expected.Zip(direct).Any(p => !p.First.Dimensions.SequenceEqual(p.Second.Dimensions) || !p.First.Metrics.SequenceEqual(p.Second.Metrics)))
    {
        throw new InvalidOperationException($"{engine.Name}: the store returned {expected.Count} stats rows, the direct SQL {direct.Count}, or they differ.");
    }

    var storeTimes = new List<double>();
    var directTimes = new List<double>();
    for (var run = 0; run < runs; run++)
    {
        if (run % 2 == 0)
        {
            storeTimes.Add(await TimeAsync(() => store.QueryStatsAsync(query, CancellationToken.None)));
            directTimes.Add(await TimeAsync(() => engine.DirectStatsAsync(query)));
        }
        else
        {
            directTimes.Add(await TimeAsync(() => engine.DirectStatsAsync(query)));
            storeTimes.Add(await TimeAsync(() => store.QueryStatsAsync(query, CancellationToken.None)));
        }
    }

    return (expected.Count, Median(storeTimes), Median(directTimes));
}

static void Verify(IEngine engine, BenchmarkCase benchmarkCase, IReadOnlyList<AggregateRow> store, List<AggregateRow> direct)
{
    if (store.Count != direct.Count)
    {
        throw new InvalidOperationException($"{engine.Name}, {benchmarkCase.Name}: the store returned {store.Count} rows, the direct SQL {direct.Count}. The direct path must run the store's own SQL (StatsSql).");
    }

    for (var i = 0; i < store.Count; i++)
    {
        var s = store[i];
        var d = direct[i];
        var same = s with { AvgDuration = null } == d with { AvgDuration = null }
            && (s.AvgDuration, d.AvgDuration) switch
            {
                (null, null) => true,
                ({ } a, { } b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(a)),
                _ => false,
            };
        if (!same)
        {
            throw new InvalidOperationException($"{engine.Name}, {benchmarkCase.Name}: row {i} differs: store {s}, direct {d}. The direct path must run the store's own SQL (StatsSql).");
        }
    }
}

static async Task<double> TimeAsync<T>(Func<Task<T>> action)
{
    var clock = Stopwatch.StartNew();
    await action();
    return clock.Elapsed.TotalMilliseconds;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static DateTime FloorHour(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);

static DateTime CeilingHour(DateTime utc) => FloorHour(utc).AddHours(1);
