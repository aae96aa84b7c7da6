namespace Analytics.ApiKeys;

/// <summary>
/// Creates, lists, revokes and verifies API keys. Keys live in the event store, hashed, so every instance on the same
/// store shares them. Verification remembers keys for <see cref="AnalyticsOptions.ApiKeyCacheDuration"/>.
/// </summary>
public interface IApiKeyService
{
    /// <summary>Creates a key of <paramref name="scope"/> for <paramref name="site"/> (null: every site) and returns it, the only time it is shown.</summary>
    /// <exception cref="ArgumentException"><paramref name="site"/> is not a site domain.</exception>
    Task<CreatedApiKey> CreateAsync(ApiKeyScope scope, string? site, CancellationToken cancellationToken);

    /// <summary>Every key, oldest first, without the secrets.</summary>
    Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the key named by <paramref name="prefix"/> (or by the whole key). Other instances stop accepting it within
    /// <see cref="AnalyticsOptions.ApiKeyCacheDuration"/>. False when there was no such key.
    /// </summary>
    Task<bool> RevokeAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>The key's details when <paramref name="key"/> is a current key, else null. Compares hashes in constant time.</summary>
    ValueTask<ApiKeyInfo?> VerifyAsync(string key, CancellationToken cancellationToken);
}
