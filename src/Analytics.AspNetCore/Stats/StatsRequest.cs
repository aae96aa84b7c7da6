using System.Text.Json;
using Analytics.Querying.Stats;

namespace Analytics.AspNetCore.Stats;

/// <summary>A <c>POST /api/v2/query</c> body, checked: the query to run and what the answer includes.</summary>
internal sealed record StatsRequest
{
    /// <summary>The query, with <c>time</c> resolved and the order made explicit.</summary>
    public required StatsQuery Query { get; init; }

    /// <summary>The range the query covers.</summary>
    public required StatsDateRange Range { get; init; }

    /// <summary>The filters as the client sent them, echoed back.</summary>
    public required JsonElement FiltersJson { get; init; }

    /// <summary><c>include.time_labels</c>.</summary>
    public bool TimeLabels { get; init; }

    /// <summary><c>include.total_rows</c>.</summary>
    public bool TotalRows { get; init; }

    /// <summary><c>include.imports</c>: accepted for Plausible's clients; there are no imported stats.</summary>
    public bool Imports { get; init; }

    /// <summary><c>include.comparisons</c>, or null.</summary>
    public StatsComparisonRequest? Comparison { get; init; }

    /// <summary><c>include.comparisons</c> as the client sent it, echoed back.</summary>
    public JsonElement? ComparisonJson { get; init; }

    /// <summary>The most rows a page may hold, which also bounds the comparison query (Analytics:MaxResultRows).</summary>
    public int MaxRows { get; init; } = StatsRequestReader.MaxLimit;

    /// <summary>The position of the time dimension among the query's dimensions, or -1.</summary>
    public int TimeDimensionIndex
    {
        get
        {
            for (var i = 0; i < Query.Dimensions.Count; i++)
            {
                if (Query.Dimensions[i].Kind == StatsDimensionKind.Time)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
