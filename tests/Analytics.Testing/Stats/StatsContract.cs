using System.Globalization;
using System.Text;
using Analytics.Events;
using Analytics.Querying.Stats;
using Analytics.Storage;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using Xunit.Sdk;

namespace Analytics.Testing.Stats;

/// <summary>
/// Holds a store's <c>QueryStatsAsync</c> to <see cref="StatsReference"/> (docs/stats-api.md computed
/// in memory): on hand-worked examples, and on generated events and queries (CsCheck). Each store's test class derives
/// from this and says how to open a store. One store serves the whole test; each case writes to sites of its own.
/// </summary>
/// <remarks>
/// A failure prints the CsCheck seed, the smallest failing case CsCheck found, and a reproduction shrunk further by
/// dropping events and query parts while the store still disagrees. To replay a seed:
/// <c>ANALYTICS_STATS_SEED=&lt;seed&gt; dotnet test ... --filter Generated</c>; <c>ANALYTICS_STATS_ITER</c> sets the
/// number of cases (default 50).
/// </remarks>
public abstract class StatsContract : IAsyncLifetime
{
    public const string SeedVariable = "ANALYTICS_STATS_SEED";
    public const string IterationsVariable = "ANALYTICS_STATS_ITER";

    private static int _lastNonce;
    private IEventStore? _store;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 20, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Opens a store on this test's (fresh) database.</summary>
    protected abstract Task<IEventStore> OpenStoreAsync(AnalyticsOptions options);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private async Task<IEventStore> StoreAsync()
    {
        if (_store is null)
        {
            _store = await OpenStoreAsync(new AnalyticsOptions { Retention = TimeSpan.FromDays(3650) });
            await _store.EnsureSchemaAsync(CancellationToken.None);
        }

        return _store;
    }

    [Theory]
    [MemberData(nameof(StatsExamples.Names), MemberType = typeof(StatsExamples))]
    public async Task Hand_worked_examples_give_their_numbers(string name)
    {
        var example = StatsExamples.Named(name);
        var nonce = Interlocked.Increment(ref _lastNonce);
        var events = StatsEvents.Relabel(example.Events, nonce);
        var query = example.Query with { Site = StatsEvents.RelabelSite(example.Query.Site, nonce) };
        var store = await StoreAsync();
        await store.AppendAsync(events, CancellationToken.None);

        var actual = await store.QueryStatsAsync(query, CancellationToken.None);

        StatsAssert.Equal(new StatsResult(example.Expected, example.TotalRows), actual, query, events);
    }

    [Fact]
    public Task Generated_queries_give_the_reference_rows() => SampleAsync(StatsCases.Cases);

    [Fact]
    public Task Generated_engagement_queries_give_the_reference_rows() => SampleAsync(StatsCases.EngagementCases);

    private async Task SampleAsync(Gen<StatsCase> cases)
    {
        var store = await StoreAsync();
        string? shrunk = null;
        var seed = Environment.GetEnvironmentVariable(SeedVariable);
        var iterations = int.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), CultureInfo.InvariantCulture, out var n) ? n : 50;

        try
        {
            await cases.SampleAsync(
                async c =>
                {
                    var mismatch = await MismatchAsync(store, c);
                    if (mismatch is null)
                    {
                        return;
                    }

                    // Shrink the first failure only (CsCheck's own shrinking finds the smallest generated case).
                    shrunk ??= await ShrinkAsync(store, c);

                    throw new XunitException(mismatch);
                },
                seed: string.IsNullOrEmpty(seed) ? null : seed,
                iter: string.IsNullOrEmpty(seed) ? iterations : 1,
                threads: 1,
                print: c => c.ToString());
        }
        catch (Exception ex) when (shrunk is not null)
        {
            throw new XunitException(
                $"{ex.Message}{Environment.NewLine}{Environment.NewLine}Replay with {SeedVariable}=<the seed above>." +
                $"{Environment.NewLine}{Environment.NewLine}The first failure, shrunk:{Environment.NewLine}{shrunk}");
        }
    }

    /// <summary>The failure message when the store and the reference disagree on <paramref name="c"/>, else null.</summary>
    private static async Task<string?> MismatchAsync(IEventStore store, StatsCase c)
    {
        var nonce = Interlocked.Increment(ref _lastNonce);
        var events = StatsEvents.Relabel(c.Events, nonce);
        var query = c.Query with { Site = StatsEvents.RelabelSite(c.Query.Site, nonce) };
        await store.AppendAsync(events, CancellationToken.None);
        var expected = new StatsReference(events).Run(query);
        StatsResult actual;
        try
        {
            actual = await store.QueryStatsAsync(query, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return $"The store threw {ex.GetType().Name}: {ex.Message}{Environment.NewLine}{StatsAssert.Describe(query)}";
        }

        try
        {
            StatsAssert.Equal(expected, actual, query);
            return null;
        }
        catch (XunitException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// Drops what the disagreement does not need, greedily: paging, order, metrics, dimensions, filters, then whole
    /// sessions, then single events; each try on sites of its own. Returns the smallest case's full failure.
    /// </summary>
    private static async Task<string> ShrinkAsync(IEventStore store, StatsCase failing)
    {
        var tries = 0;
        async Task<bool> FailsAsync(StatsCase c) => ++tries <= 400 && await MismatchAsync(store, c) is not null;

        var current = failing;
        foreach (var smaller in QueryShrinks(current.Query))
        {
            var candidate = current with { Query = smaller(current.Query) };
            if (candidate.Query.Metrics.Count > 0 && await FailsAsync(candidate))
            {
                current = candidate;
            }
        }

        var sessions = current.Events.GroupBy(e => (e.Site, StatsReference.SessionKey(e))).ToList();
        foreach (var session in sessions)
        {
            var candidate = current with { Events = [.. current.Events.Where(e => !session.Contains(e))] };
            if (await FailsAsync(candidate))
            {
                current = candidate;
            }
        }

        foreach (var e in current.Events.ToList())
        {
            var candidate = current with { Events = [.. current.Events.Where(x => x != e)] };
            if (await FailsAsync(candidate))
            {
                current = candidate;
            }
        }

        var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"({tries} tries)");
        text.AppendLine(await MismatchAsync(store, current) is { } message ? message : "(no longer fails on a fresh site: order-dependent?)");
        text.Append(current);
        return text.ToString();
    }

    private static IEnumerable<Func<StatsQuery, StatsQuery>> QueryShrinks(StatsQuery query)
    {
        yield return q => q with { Limit = 10_000, Offset = 0 };
        yield return q => q with { OrderBy = [] };
        foreach (var metric in query.Metrics)
        {
            yield return q => q with { Metrics = [.. q.Metrics.Where(m => m != metric)], OrderBy = [.. q.OrderBy.Where(o => o.Name != metric.Name)] };
        }

        foreach (var dimension in query.Dimensions)
        {
            yield return q => q with { Dimensions = [.. q.Dimensions.Where(d => d != dimension)], OrderBy = [.. q.OrderBy.Where(o => o.Name != dimension.Name)] };
        }

        foreach (var filter in query.Filters)
        {
            yield return q => q with { Filters = [.. q.Filters.Where(f => f != filter)] };
        }
    }
}
