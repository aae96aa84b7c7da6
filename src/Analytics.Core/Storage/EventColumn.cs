using Analytics.Events;

namespace Analytics.Storage;

/// <summary>
/// One column of the events table: its name, its kind, and how its value is read from an event and put back into one.
/// Every store's writer, reader and schema check is made from <see cref="EventColumns.All"/>; only the migration
/// scripts are written per store.
/// </summary>
public abstract class EventColumn
{
    private protected EventColumn(string name, EventColumnType type, bool isNullable)
    {
        Name = name;
        Type = type;
        IsNullable = isNullable;
    }

    /// <summary>The column's name, the same in every store.</summary>
    public string Name { get; }

    /// <summary>The kind of value it holds.</summary>
    public EventColumnType Type { get; }

    /// <summary>Whether it may hold SQL NULL.</summary>
    public bool IsNullable { get; }

    /// <summary>Calls the visitor with the column's own value type, so a store can write values without boxing them.</summary>
    public abstract TResult Accept<TResult>(IEventColumnVisitor<TResult> visitor);

    /// <summary>
    /// <paramref name="analyticsEvent"/> with this column's value set from <paramref name="stored"/>, a value as a store's
    /// reader returns it (DBNull, a DateTime of any kind, an array or list of texts...).
    /// </summary>
    public abstract AnalyticsEvent Apply(AnalyticsEvent analyticsEvent, object? stored);
}

/// <summary>A column whose value has the type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The value's type: Guid, DateTime (UTC), string, short?, int?, long?, bool or string[].</typeparam>
public sealed class EventColumn<T> : EventColumn
{
    private readonly Func<AnalyticsEvent, T, AnalyticsEvent> _with;

    internal EventColumn(string name, EventColumnType type, bool isNullable, Func<AnalyticsEvent, T> get, Func<AnalyticsEvent, T, AnalyticsEvent> with)
        : base(name, type, isNullable)
    {
        Get = get;
        _with = with;
    }

    /// <summary>Reads the column's value from an event.</summary>
    public Func<AnalyticsEvent, T> Get { get; }

    /// <inheritdoc />
    public override TResult Accept<TResult>(IEventColumnVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.Visit(this);
    }

    /// <inheritdoc />
    public override AnalyticsEvent Apply(AnalyticsEvent analyticsEvent, object? stored)
    {
        ArgumentNullException.ThrowIfNull(analyticsEvent);
        var value = stored switch
        {
            null or DBNull => default!,
            DateTime time => (T)(object)DateTime.SpecifyKind(time, DateTimeKind.Utc),
            DateTimeOffset time => (T)(object)time.UtcDateTime,
            string[] texts => (T)(object)texts,
            System.Collections.IEnumerable list and not string => (T)(object)list.Cast<object?>().Select(v => v?.ToString() ?? "").ToArray(),
            _ => (T)stored,
        };
        return _with(analyticsEvent, value);
    }
}

/// <summary>Receives an <see cref="EventColumn"/> with its value type known.</summary>
/// <typeparam name="TResult">What the visitor makes of the column.</typeparam>
public interface IEventColumnVisitor<out TResult>
{
    /// <summary>Makes something of <paramref name="column"/>.</summary>
    TResult Visit<T>(EventColumn<T> column);
}
