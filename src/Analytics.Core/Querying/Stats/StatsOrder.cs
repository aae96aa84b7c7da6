namespace Analytics.Querying.Stats;

/// <summary>One key of the order: a queried metric or dimension, by name, ascending or descending.</summary>
/// <param name="Name">The metric's or dimension's name.</param>
/// <param name="Descending">True for <c>desc</c>.</param>
public sealed record StatsOrder(string Name, bool Descending)
{
    /// <summary>Plausible's order when a query names none: its time dimension ascending, then its first metric descending.</summary>
    public static IReadOnlyList<StatsOrder> Default(IReadOnlyList<StatsMetric> metrics, IReadOnlyList<StatsDimension> dimensions)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(dimensions);
        var order = new List<StatsOrder>();
        if (dimensions.FirstOrDefault(d => d.Kind == StatsDimensionKind.Time) is { } time)
        {
            order.Add(new StatsOrder(time.Name, Descending: false));
        }

        order.Add(new StatsOrder(metrics[0].Name, Descending: true));
        return order;
    }
}
