using Analytics.ApiKeys;

namespace Analytics.Storage;

/// <summary>An API key as a store keeps it: its SHA-256 hash and what it is for, never the key.</summary>
/// <param name="Hash">SHA-256 of the whole key (UTF-8), 32 bytes.</param>
/// <param name="Info">The key's prefix, scope, site and times.</param>
public sealed record StoredApiKey(byte[] Hash, ApiKeyInfo Info)
{
    /// <summary>A stored key from its columns, as both stores keep them (times in UTC).</summary>
    internal static StoredApiKey FromColumns(string prefix, byte[] hash, string scope, string? site, DateTime created, DateTime? lastUsed) => new(
        hash,
        new ApiKeyInfo(
            prefix,
            ApiKeyText.TryParseScope(scope, out var parsed) ? parsed : throw new InvalidOperationException($"Unknown API key scope '{scope}'."),
            site,
            new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)),
            lastUsed is { } used ? new DateTimeOffset(DateTime.SpecifyKind(used, DateTimeKind.Utc)) : null));
}
