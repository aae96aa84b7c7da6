namespace Analytics.ApiKeys;

/// <summary>A new key: <see cref="Key"/> is shown once and never stored; the store keeps only its SHA-256 hash.</summary>
/// <param name="Key">The secret to hand to the client (<c>Authorization: Bearer ak_…</c>).</param>
/// <param name="Info">What is stored about it.</param>
public sealed record CreatedApiKey(string Key, ApiKeyInfo Info)
{
    /// <summary>Leaves the secret out, so that logging the record never leaks it.</summary>
    public override string ToString() => $"CreatedApiKey {{ Info = {Info} }}";
}
