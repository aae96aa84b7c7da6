using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Analytics.Events;

/// <summary>
/// Custom properties of an event: text keys to text values, in the order the client sent them. Two sets are equal when
/// they hold the same pairs in the same order, so events compare by value.
/// </summary>
public sealed class EventPropsDictionary : IReadOnlyDictionary<string, string>, IEquatable<EventPropsDictionary>
{
    private readonly Dictionary<string, string> _pairs;

    /// <summary>Copies <paramref name="pairs"/>; a repeated key keeps its first value.</summary>
    public EventPropsDictionary(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        _pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            _pairs.TryAdd(key, value);
        }
    }

    /// <summary>No properties.</summary>
    public static EventPropsDictionary Empty { get; } = new([]);

    /// <inheritdoc />
    public int Count => _pairs.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _pairs.Keys;

    /// <inheritdoc />
    public IEnumerable<string> Values => _pairs.Values;

    /// <inheritdoc />
    public string this[string key] => _pairs[key];

    /// <summary>Properties from parallel arrays of keys and values, as the stores keep them.</summary>
    public static EventPropsDictionary FromArrays(IReadOnlyList<string>? keys, IReadOnlyList<string>? values)
    {
        if (keys is null || values is null || keys.Count == 0)
        {
            return Empty;
        }

        return new EventPropsDictionary(keys.Zip(values, KeyValuePair.Create));
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => _pairs.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => _pairs.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _pairs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(EventPropsDictionary? other) => other is not null && _pairs.SequenceEqual(other._pairs);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EventPropsDictionary);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var (key, value) in _pairs)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
