namespace Analytics.Querying.Stats;

/// <summary>One key of the order: a queried metric or dimension, by name, ascending or descending.</summary>
/// <param name="Name">The metric's or dimension's name.</param>
/// <param name="Descending">True for <c>desc</c>.</param>
public sealed record StatsOrder(string Name, bool Descending);
