using Analytics.Enrichment;

namespace Analytics.Querying;

/// <summary>
/// A derived field that an aggregate may group by or filter on. Its name is the stored column, the JSON field of
/// <see cref="AggregateRow"/> and the query-string parameter alike.
/// </summary>
public sealed class AggregateDimension
{
    private AggregateDimension(string name, IReadOnlyList<string> values)
    {
        Name = name;
        Values = values;
    }

    /// <summary>The browser family.</summary>
    public static AggregateDimension Browser { get; } = new("browser", Browsers.All);

    /// <summary>The device type.</summary>
    public static AggregateDimension DeviceType { get; } = new("device_type", DeviceTypes.All);

    /// <summary>The traffic source of the referrer.</summary>
    public static AggregateDimension ReferrerSource { get; } = new("referrer_source", [.. TrafficSources.All, TrafficSources.Unknown]);

    /// <summary>Every dimension, in the order rows are grouped and sorted by.</summary>
    public static IReadOnlyList<AggregateDimension> All { get; } = [Browser, DeviceType, ReferrerSource];

    /// <summary>The column, JSON field and query parameter name.</summary>
    public string Name { get; }

    /// <summary>The values the field can take.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>The dimension named <paramref name="name"/>, or null.</summary>
    public static AggregateDimension? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    /// <inheritdoc />
    public override string ToString() => Name;
}
