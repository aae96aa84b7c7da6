using Analytics.Querying.Stats;
using Analytics.Storage;

namespace Analytics.AspNetCore.Stats;

/// <summary>Runs a stats request on the store: the query, and the comparison query when one is asked for.</summary>
internal static class StatsQueryRunner
{
    /// <summary>The answer to <paramref name="request"/>.</summary>
    /// <exception cref="EventStoreUnavailableException">The store cannot be reached.</exception>
    public static async Task<Serialization.StatsResponse> RunAsync(StatsRequest request, IEventReader store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        var query = request.Query;
        var result = await store.QueryStatsAsync(query, cancellationToken);
        var timeIndex = request.TimeDimensionIndex;
        var unit = timeIndex < 0 ? null : query.Dimensions[timeIndex].TimeUnit;
        IReadOnlyList<string> labels = unit is { } u && (request.TimeLabels || request.Comparison is not null)
            ? StatsTimeLabels.All(u, query)
            : [];

        IReadOnlyList<StatsComparisonRow>? comparisons = null;
        if (request.Comparison is { } comparison)
        {
            var range = comparison.RangeFor(request.Range, query.TimeZone);
            var comparisonRows = result.Rows.Count == 0
                ? []
                : (await store.QueryStatsAsync(ComparisonQuery(query, range, result.Rows, request.MaxRows), cancellationToken)).Rows;
            var comparisonLabels = unit is { } cu ? StatsTimeLabels.All(cu, query with { From = range.From, To = range.To }) : [];
            comparisons = StatsComparison.Pair(query.Metrics, result.Rows, comparisonRows, timeIndex, labels, comparisonLabels);
        }

        return StatsResponseBuilder.Build(request, result, labels, comparisons);
    }

    /// <summary>
    /// The query over the comparison range, for every row of the page: the same dimensions and filters, narrowed to
    /// the page's values of its dimensions where that changes no row: not with <c>percentage</c> (its total would
    /// change), not on time, and on event dimensions only without visit-only metrics (a visit counts when one event
    /// passes every filter, so a filter on the page would change which visits count).
    /// </summary>
    /// <summary>The most values of one dimension the comparison query is narrowed to.</summary>
    private const int MaxNarrowingValues = 200;

    private static StatsQuery ComparisonQuery(StatsQuery query, StatsDateRange range, IReadOnlyList<StatsRow> rows, int maxRows)
    {
        var filters = query.Filters;
        if (!query.Metrics.Contains(StatsMetric.Percentage))
        {
            var narrowed = new List<StatsFilter>(filters);
            for (var i = 0; i < query.Dimensions.Count; i++)
            {
                var dimension = query.Dimensions[i];
                if (dimension.Kind == StatsDimensionKind.Visit || (dimension.Kind == StatsDimensionKind.Event && !query.Metrics.Any(m => m.IsSessionOnly)))
                {
                    // Narrowing only saves work; past a few hundred values it would cost more (one parameter each).
                    var values = rows.Select(r => r.Dimensions[i]).Distinct(StringComparer.Ordinal).ToList();
                    if (values.Count <= MaxNarrowingValues)
                    {
                        narrowed.Add(new StatsCondition(StatsFilterOperator.Is, dimension, values));
                    }
                }
            }

            filters = narrowed;
        }

        return query with
        {
            From = range.From,
            To = range.To,
            Filters = filters,
            Offset = 0,
            // Rows past the bound could pair with no row of the page: the comparison never reads more than an answer holds.
            Limit = maxRows,
        };
    }
}
