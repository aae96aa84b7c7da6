using Analytics.AspNetCore.Serialization;
using Analytics.Querying.Stats;

namespace Analytics.AspNetCore.Stats;

/// <summary>Writes a query's rows, and what it included, in Plausible's answer shape.</summary>
internal static class StatsResponseBuilder
{
    /// <summary>The answer to <paramref name="request"/>.</summary>
    /// <param name="request">The query as read.</param>
    /// <param name="result">Its rows.</param>
    /// <param name="timeLabels">The range's time labels, when asked for.</param>
    /// <param name="comparisons">Each row's comparison, when asked for.</param>
    public static StatsResponse Build(
        StatsRequest request,
        StatsResult result,
        IReadOnlyList<string>? timeLabels,
        IReadOnlyList<StatsComparisonRow>? comparisons)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        var rows = new List<StatsResponseRow>(result.Rows.Count);
        for (var i = 0; i < result.Rows.Count; i++)
        {
            var row = result.Rows[i];
            var comparison = comparisons?[i] is { } c ? new StatsResponseComparison(c.Dimensions, c.Metrics, c.Change) : null;
            rows.Add(new StatsResponseRow([.. row.Metrics.Select(MetricValue.Normalize)], row.Dimensions, comparison));
        }

        var query = request.Query;
        var meta = new StatsResponseMeta(
            request.TimeLabels ? timeLabels : null,
            request.TotalRows ? result.TotalRows : null);
        var include = new StatsIncludeEcho(
            request.Imports ? true : null,
            request.TimeLabels ? true : null,
            request.TotalRows ? true : null,
            request.ComparisonJson);
        var echo = new StatsQueryEcho(
            query.Site,
            [.. query.Metrics.Select(m => m.Name)],
            request.Range.Echo(query.TimeZone),
            request.FiltersJson,
            [.. query.Dimensions.Select(d => d.Name)],
            [.. query.OrderBy.Select(o => (IReadOnlyList<string>)[o.Name, o.Descending ? "desc" : "asc"])],
            include,
            new StatsPagination(query.Limit, query.Offset));
        return new StatsResponse(rows, meta, echo);
    }
}
