namespace Analytics.Querying.Stats;

/// <summary>
/// A dimension of the stats query (Plausible's names). Each store turns it into SQL through its name only; a value a
/// client sends (a property key) is always a parameter.
/// </summary>
public sealed class StatsDimension : IEquatable<StatsDimension>
{
    /// <summary>The prefix of custom-property dimensions: <c>event:props:plan</c>.</summary>
    public const string PropsPrefix = "event:props:";

    private static readonly (string Name, StatsDimensionKind Kind, TimeBucketUnit? Unit)[] Known =
    [
        ("event:page", StatsDimensionKind.Event, null),
        ("event:hostname", StatsDimensionKind.Event, null),
        ("event:name", StatsDimensionKind.Event, null),
        ("visit:entry_page", StatsDimensionKind.Visit, null),
        ("visit:exit_page", StatsDimensionKind.Visit, null),
        ("visit:source", StatsDimensionKind.Visit, null),
        ("visit:referrer", StatsDimensionKind.Visit, null),
        ("visit:channel", StatsDimensionKind.Visit, null),
        ("visit:utm_medium", StatsDimensionKind.Visit, null),
        ("visit:utm_source", StatsDimensionKind.Visit, null),
        ("visit:utm_campaign", StatsDimensionKind.Visit, null),
        ("visit:utm_content", StatsDimensionKind.Visit, null),
        ("visit:utm_term", StatsDimensionKind.Visit, null),
        ("visit:device", StatsDimensionKind.Visit, null),
        ("visit:browser", StatsDimensionKind.Visit, null),
        ("visit:browser_version", StatsDimensionKind.Visit, null),
        ("visit:os", StatsDimensionKind.Visit, null),
        ("visit:os_version", StatsDimensionKind.Visit, null),
        ("time:minute", StatsDimensionKind.Time, TimeBucketUnit.Minute),
        ("time:hour", StatsDimensionKind.Time, TimeBucketUnit.Hour),
        ("time:day", StatsDimensionKind.Time, TimeBucketUnit.Day),
        ("time:week", StatsDimensionKind.Time, TimeBucketUnit.Week),
        ("time:month", StatsDimensionKind.Time, TimeBucketUnit.Month),
    ];

    // The raw event columns the seed's aggregate (GET /api/events) groups and filters by; not offered by name.
    private static readonly string[] RawColumns = ["operating_system", "browser", "device_type", "referrer_source"];

    private StatsDimension(string name, StatsDimensionKind kind, TimeBucketUnit? unit, string? propKey)
    {
        Name = name;
        Kind = kind;
        TimeUnit = unit;
        PropKey = propKey;
    }

    /// <summary>The names of every dimension but the property ones and the bare <c>time</c>, for error messages.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Known.Select(k => k.Name)];

    /// <summary>The dimension's name in the API: <c>visit:source</c>, <c>time:day</c>, <c>event:props:plan</c>.</summary>
    public string Name { get; }

    /// <summary>What it describes.</summary>
    public StatsDimensionKind Kind { get; }

    /// <summary>The bucket of a time dimension; null for the others.</summary>
    public TimeBucketUnit? TimeUnit { get; }

    /// <summary>The property of an <c>event:props:</c> dimension; null for the others.</summary>
    public string? PropKey { get; }

    /// <summary>
    /// The bucket width of the seed aggregate's time dimension: buckets of any <see cref="TimeBucketWidth"/>, whose
    /// values are instants (a sub-day bucket keeps the two real hours of a DST fall-back apart). Null for the others.
    /// </summary>
    internal TimeBucketWidth? BucketWidth { get; private init; }

    /// <summary>The stored event column an event-column dimension reads as it is; null for the others.</summary>
    internal string? Column { get; private init; }

    /// <summary>The seed aggregate's time dimension: buckets of <paramref name="width"/> in the query's time zone.</summary>
    internal static StatsDimension TimeBucket(TimeBucketWidth width) =>
        new("time:bucket", StatsDimensionKind.Time, null, null) { BucketWidth = width };

    /// <summary>The stored value of one of the event columns the seed aggregate groups by, with no label for blanks.</summary>
    /// <exception cref="ArgumentException">The column is not one of them.</exception>
    internal static StatsDimension EventColumn(string column) => RawColumns.Contains(column, StringComparer.Ordinal)
        ? new StatsDimension("event:column:" + column, StatsDimensionKind.Event, null, null) { Column = column }
        : throw new ArgumentException($"'{column}' is not an event column a query may group by.", nameof(column));

    /// <summary>The time dimension of <paramref name="unit"/>.</summary>
    public static StatsDimension Time(TimeBucketUnit unit) => Find("time:" + unit.ToString().ToLowerInvariant())!;

    /// <summary>The dimension named <paramref name="name"/> (a bare <c>time</c> is not resolved here), or null.</summary>
    public static StatsDimension? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith(PropsPrefix, StringComparison.Ordinal))
        {
            var key = name[PropsPrefix.Length..];
            return key.Length is > 0 and <= Events.EventLimits.MaxPropKeyBytes ? new StatsDimension(name, StatsDimensionKind.Event, null, key) : null;
        }

        foreach (var (known, kind, unit) in Known)
        {
            if (known == name)
            {
                return new StatsDimension(known, kind, unit, null);
            }
        }

        return null;
    }

    /// <inheritdoc />
    public bool Equals(StatsDimension? other) => other is not null && other.Name == Name;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as StatsDimension);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <inheritdoc />
    public override string ToString() => Name;
}
