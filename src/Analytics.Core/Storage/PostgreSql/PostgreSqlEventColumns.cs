using Analytics.Events;
using Npgsql;
using NpgsqlTypes;

namespace Analytics.Storage.PostgreSql;

/// <summary>
/// <see cref="EventColumns"/> as PostgreSQL writes them: each column with its Npgsql type, for the binary COPY and the
/// array INSERT, so that a column cannot be added to one write path and forgotten in the other.
/// </summary>
internal static class PostgreSqlEventColumns
{
    public static IReadOnlyList<PostgreSqlEventColumn> All { get; } = EventColumns.All.Select(c => c.Accept(Adapter.Instance)).ToList();

    /// <summary>The columns of <c>event_ids</c>: id and time, the first two of <see cref="All"/>.</summary>
    public static IReadOnlyList<PostgreSqlEventColumn> Identity { get; } = [All[0], All[1]];

    /// <summary>"id, time, page, ...", in table order.</summary>
    public static string List(string prefix = "") => EventColumns.List(prefix);

    /// <summary>The names of <paramref name="columns"/>, comma-separated, each after <paramref name="prefix"/>.</summary>
    public static string List(IReadOnlyList<PostgreSqlEventColumn> columns, string prefix = "") => string.Join(", ", columns.Select(c => prefix + c.Name));

    /// <summary>"$1, $2, ...", one positional parameter per column.</summary>
    public static string Positions() => string.Join(", ", All.Select((_, i) => "$" + (i + 1)));

    private static NpgsqlDbType TypeOf(EventColumnType type) => type switch
    {
        EventColumnType.Uuid => NpgsqlDbType.Uuid,
        EventColumnType.Timestamp => NpgsqlDbType.TimestampTz,
        EventColumnType.Text => NpgsqlDbType.Text,
        EventColumnType.SmallWholeNumber => NpgsqlDbType.Smallint,
        EventColumnType.WholeNumber => NpgsqlDbType.Integer,
        EventColumnType.LargeWholeNumber => NpgsqlDbType.Bigint,
        EventColumnType.Boolean => NpgsqlDbType.Boolean,
        EventColumnType.TextArray => NpgsqlDbType.Array | NpgsqlDbType.Text,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private sealed class Adapter : IEventColumnVisitor<PostgreSqlEventColumn>
    {
        public static readonly Adapter Instance = new();

        public PostgreSqlEventColumn Visit<T>(EventColumn<T> column) => new PostgreSqlEventColumn<T>(column.Name, TypeOf(column.Type), column.Get);
    }
}

/// <summary>One column of the events table as Npgsql writes it.</summary>
internal abstract class PostgreSqlEventColumn(string name)
{
    public string Name { get; } = name;

    /// <summary>The column's values for every event, as one array parameter.</summary>
    public abstract NpgsqlParameter ArrayParameter(IReadOnlyList<AnalyticsEvent> events);

    /// <summary>Writes the event's value into the current row of a binary COPY.</summary>
    public abstract Task WriteAsync(NpgsqlBinaryImporter writer, AnalyticsEvent pageView, CancellationToken cancellationToken);
}

/// <inheritdoc />
internal sealed class PostgreSqlEventColumn<T>(string name, NpgsqlDbType type, Func<AnalyticsEvent, T> read) : PostgreSqlEventColumn(name)
{
    public override NpgsqlParameter ArrayParameter(IReadOnlyList<AnalyticsEvent> events)
    {
        if (typeof(T) == typeof(string[]))
        {
            // An array of arrays cannot be an unnest() parameter (PostgreSQL has no ragged arrays): one JSON text per
            // row instead, turned back into text[] in the INSERT.
            var texts = new string[events.Count];
            for (var i = 0; i < texts.Length; i++)
            {
                texts[i] = System.Text.Json.JsonSerializer.Serialize((string[])(object)read(events[i])!, StringArrayJson.Default.StringArray);
            }

            return new NpgsqlParameter<string[]> { TypedValue = texts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
        }

        var values = new T[events.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = read(events[i]);
        }

        return new NpgsqlParameter<T[]> { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | type };
    }

    public override Task WriteAsync(NpgsqlBinaryImporter writer, AnalyticsEvent pageView, CancellationToken cancellationToken)
    {
        var value = read(pageView);
        return value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, type, cancellationToken);
    }
}

/// <summary>Serializes property arrays without reflection.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class StringArrayJson : System.Text.Json.Serialization.JsonSerializerContext;
