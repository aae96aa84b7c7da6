using System.Text;

namespace Analytics.Querying;

/// <summary>
/// The parts of an aggregate's SQL that do not depend on the engine: which derived columns are grouped and which
/// are filtered. Each filter's values are one array parameter named <c>f_</c> plus the column; a column name comes
/// from <see cref="AggregateDimension"/>, never from the request.
/// </summary>
internal static class AggregateSqlParts
{
    /// <summary>", browser, device_type", the grouped dimensions' columns, each after a comma.</summary>
    public static string GroupColumns(AggregateQuery query, Func<string, string>? decorate = null)
    {
        var text = new StringBuilder();
        foreach (var dimension in query.GroupBy)
        {
            text.Append(", ").Append(decorate is null ? dimension.Name : decorate(dimension.Name));
        }

        return text.ToString();
    }

    /// <summary>" AND browser = ANY(...)" for each filter, with <paramref name="inArray"/> turning a parameter name into the engine's membership test.</summary>
    public static string Filters(AggregateQuery query, Func<string, string> inArray)
    {
        var text = new StringBuilder();
        foreach (var dimension in AggregateDimension.All)
        {
            if (query.Filters.ContainsKey(dimension))
            {
                text.Append(" AND ").Append(dimension.Name).Append(' ').Append(inArray(ParameterName(dimension)));
            }
        }

        return text.ToString();
    }

    /// <summary>The filters' array parameters.</summary>
    public static IEnumerable<(string Name, string[] Values)> FilterParameters(AggregateQuery query) =>
        AggregateDimension.All.Where(query.Filters.ContainsKey).Select(d => (ParameterName(d), query.Filters[d].ToArray()));

    /// <summary>The GROUP BY positions: bucket, page, OS, then one per grouped dimension.</summary>
    public static string GroupByPositions(AggregateQuery query) =>
        string.Join(", ", Enumerable.Range(1, 3 + query.GroupBy.Count));

    private static string ParameterName(AggregateDimension dimension) => "f_" + dimension.Name;
}
