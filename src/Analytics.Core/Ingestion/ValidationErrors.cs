using Analytics.Text;

namespace Analytics.Ingestion;

/// <summary>Problems found in a client's input, keyed by the JSON field (or query parameter) they concern.</summary>
public sealed class ValidationErrors
{
    // Made on the first problem: most inputs have none, and every request (and batch item) makes one of these.
    private Dictionary<string, List<string>>? _errors;

    /// <summary>True when nothing was wrong.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>Number of fields with at least one problem.</summary>
    public int Count => _errors?.Count ?? 0;

    /// <summary>Records a problem with <paramref name="field"/>.</summary>
    public void Add(string field, string message)
    {
        _errors ??= new(StringComparer.Ordinal);
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors.Add(field, messages);
        }

        messages.Add(message);
    }

    /// <summary>True when <paramref name="field"/> has a recorded problem.</summary>
    public bool Contains(string field) => _errors?.ContainsKey(field) == true;

    /// <summary>The problems in the shape RFC 9457 validation problem details use.</summary>
    public Dictionary<string, string[]> ToDictionary() =>
        _errors?.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal) ?? new(StringComparer.Ordinal);

    /// <summary>
    /// What a client sent, cut to at most 40 characters for an error message, never inside a surrogate pair, so the
    /// message stays valid text.
    /// </summary>
    public static string Shorten(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TextClip.Shorten(value, 40);
    }

    /// <inheritdoc />
    public override string ToString() =>
        _errors is null ? "" : string.Join("; ", _errors.Select(pair => $"{pair.Key}: {string.Join(", ", pair.Value)}"));
}
