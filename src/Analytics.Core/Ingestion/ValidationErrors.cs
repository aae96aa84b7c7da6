namespace Analytics.Ingestion;

/// <summary>Problems found in a client's input, keyed by the JSON field (or query parameter) they concern.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>True when nothing was wrong.</summary>
    public bool IsEmpty => _errors.Count == 0;

    /// <summary>Number of fields with at least one problem.</summary>
    public int Count => _errors.Count;

    /// <summary>Records a problem with <paramref name="field"/>.</summary>
    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors.Add(field, messages);
        }

        messages.Add(message);
    }

    /// <summary>True when <paramref name="field"/> has a recorded problem.</summary>
    public bool Contains(string field) => _errors.ContainsKey(field);

    /// <summary>The problems in the shape RFC 9457 validation problem details use.</summary>
    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);

    /// <inheritdoc />
    public override string ToString() =>
        string.Join("; ", _errors.Select(pair => $"{pair.Key}: {string.Join(", ", pair.Value)}"));
}
