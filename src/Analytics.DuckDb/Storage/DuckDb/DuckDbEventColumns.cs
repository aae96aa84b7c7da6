using Analytics.Events;
using DuckDB.NET.Data;

namespace Analytics.Storage.DuckDb;

/// <summary>
/// <see cref="EventColumns"/> as DuckDB's appender writes them: one typed append per column, in table order (the
/// appender writes by position; the bootstrapper checks the order).
/// </summary>
internal static class DuckDbEventColumns
{
    private static readonly Action<IDuckDBAppenderRow, AnalyticsEvent>[] Appends =
        EventColumns.All.Select(c => c.Accept(Adapter.Instance)).ToArray();

    /// <summary>Appends one row holding <paramref name="event"/>.</summary>
    public static void Append(DuckDBAppender appender, AnalyticsEvent @event)
    {
        var row = appender.CreateRow();
        foreach (var append in Appends)
        {
            append(row, @event);
        }

        row.EndRow();
    }

    private sealed class Adapter : IEventColumnVisitor<Action<IDuckDBAppenderRow, AnalyticsEvent>>
    {
        public static readonly Adapter Instance = new();

        public Action<IDuckDBAppenderRow, AnalyticsEvent> Visit<T>(EventColumn<T> column) => column switch
        {
            EventColumn<Guid> c => (row, e) => row.AppendValue(c.Get(e)),
            EventColumn<DateTime> c => (row, e) => row.AppendValue(c.Get(e)),
            EventColumn<string> c => (row, e) => row.AppendValue(c.Get(e)),
            EventColumn<short?> c => (row, e) => row.AppendValue(c.Get(e)),
            EventColumn<int?> c => (row, e) => row.AppendValue(c.Get(e)),
            EventColumn<long?> c => (row, e) => row.AppendValue(c.Get(e)),
            EventColumn<bool> c => (row, e) => row.AppendValue(c.Get(e)),
            EventColumn<string[]> c => (row, e) => row.AppendValue((IEnumerable<string>)c.Get(e)),
            _ => throw new NotSupportedException($"The column {column.Name} has a type ({typeof(T).Name}) the DuckDB store cannot append."),
        };
    }
}
