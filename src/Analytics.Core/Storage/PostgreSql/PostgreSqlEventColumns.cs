using Analytics.Events;
using Npgsql;
using NpgsqlTypes;

namespace Analytics.Storage.PostgreSql;

/// <summary>
/// The columns of the events table, in one list that the binary COPY, the array INSERT and the column lists of the
/// SQL are all made from, so that a column cannot be added to one write path and forgotten in the other.
/// </summary>
internal static class PostgreSqlEventColumns
{
    public static IReadOnlyList<EventColumn> All { get; } =
    [
        new EventColumn<Guid>("id", NpgsqlDbType.Uuid, e => e.Id),
        new EventColumn<DateTime>("time", NpgsqlDbType.TimestampTz, e => e.Time.UtcDateTime),
        new EventColumn<string>("page", NpgsqlDbType.Text, e => e.Page),
        new EventColumn<string?>("user_agent", NpgsqlDbType.Text, e => e.UserAgent),
        new EventColumn<string?>("ip_address", NpgsqlDbType.Text, e => e.IpAddress),
        new EventColumn<string?>("referrer", NpgsqlDbType.Text, e => e.Referrer),
        new EventColumn<string?>("session_id", NpgsqlDbType.Text, e => e.SessionId),
        new EventColumn<int?>("duration", NpgsqlDbType.Integer, e => e.Duration),
        new EventColumn<string>("operating_system", NpgsqlDbType.Text, e => e.OperatingSystem),
        new EventColumn<string?>("os_version", NpgsqlDbType.Text, e => e.OsVersion),
        new EventColumn<string>("browser", NpgsqlDbType.Text, e => e.Browser),
        new EventColumn<string?>("browser_version", NpgsqlDbType.Text, e => e.BrowserVersion),
        new EventColumn<string>("device_type", NpgsqlDbType.Text, e => e.DeviceType),
        new EventColumn<bool>("is_bot", NpgsqlDbType.Boolean, e => e.IsBot),
        new EventColumn<string?>("hostname", NpgsqlDbType.Text, e => e.Hostname),
        new EventColumn<string?>("referrer_host", NpgsqlDbType.Text, e => e.ReferrerHost),
        new EventColumn<string>("referrer_source", NpgsqlDbType.Text, e => e.ReferrerSource),
        new EventColumn<string?>("utm_source", NpgsqlDbType.Text, e => e.UtmSource),
        new EventColumn<string?>("utm_medium", NpgsqlDbType.Text, e => e.UtmMedium),
        new EventColumn<string?>("utm_campaign", NpgsqlDbType.Text, e => e.UtmCampaign),
        new EventColumn<string?>("utm_term", NpgsqlDbType.Text, e => e.UtmTerm),
        new EventColumn<string?>("utm_content", NpgsqlDbType.Text, e => e.UtmContent),
        new EventColumn<long?>("visitor_id", NpgsqlDbType.Bigint, e => e.VisitorId),
    ];

    /// <summary>The columns of <c>event_ids</c>: id and time, the first two of <see cref="All"/>.</summary>
    public static IReadOnlyList<EventColumn> Identity { get; } = [All[0], All[1]];

    /// <summary>"id, time, page, ...", in table order.</summary>
    public static string List(string prefix = "") => List(All, prefix);

    /// <summary>The names of <paramref name="columns"/>, comma-separated, each after <paramref name="prefix"/>.</summary>
    public static string List(IReadOnlyList<EventColumn> columns, string prefix = "") => string.Join(", ", columns.Select(c => prefix + c.Name));

    /// <summary>"$1, $2, ...", one positional parameter per column.</summary>
    public static string Positions() => string.Join(", ", All.Select((_, i) => "$" + (i + 1)));
}

/// <summary>One column of the events table: its name, its type and how to read it from an event.</summary>
internal abstract class EventColumn(string name)
{
    public string Name { get; } = name;

    /// <summary>The column's values for every event, as one array parameter.</summary>
    public abstract NpgsqlParameter ArrayParameter(IReadOnlyList<PageViewEvent> events);

    /// <summary>Writes the event's value into the current row of a binary COPY.</summary>
    public abstract Task WriteAsync(NpgsqlBinaryImporter writer, PageViewEvent pageView, CancellationToken cancellationToken);
}

/// <inheritdoc />
internal sealed class EventColumn<T>(string name, NpgsqlDbType type, Func<PageViewEvent, T> read) : EventColumn(name)
{
    public override NpgsqlParameter ArrayParameter(IReadOnlyList<PageViewEvent> events)
    {
        var values = new T[events.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = read(events[i]);
        }

        return new NpgsqlParameter<T[]> { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | type };
    }

    public override Task WriteAsync(NpgsqlBinaryImporter writer, PageViewEvent pageView, CancellationToken cancellationToken)
    {
        var value = read(pageView);
        return value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, type, cancellationToken);
    }
}
