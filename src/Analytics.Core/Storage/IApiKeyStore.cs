namespace Analytics.Storage;

/// <summary>The store's API-key role: keys kept as SHA-256 hashes, shared by every instance on the store.</summary>
public interface IApiKeyStore
{
    /// <summary>Stores a new key; false when its prefix is taken (the caller draws another).</summary>
    /// <exception cref="EventStoreUnavailableException">The store cannot be reached.</exception>
    Task<bool> AddApiKeyAsync(StoredApiKey key, CancellationToken cancellationToken);

    /// <summary>The key with <paramref name="prefix"/>, or null.</summary>
    /// <exception cref="EventStoreUnavailableException">The store cannot be reached.</exception>
    Task<StoredApiKey?> FindApiKeyAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Every key, oldest first.</summary>
    /// <exception cref="EventStoreUnavailableException">The store cannot be reached.</exception>
    Task<IReadOnlyList<StoredApiKey>> ListApiKeysAsync(CancellationToken cancellationToken);

    /// <summary>Deletes the key with <paramref name="prefix"/>; false when there was none.</summary>
    /// <exception cref="EventStoreUnavailableException">The store cannot be reached.</exception>
    Task<bool> DeleteApiKeyAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Records that the key with <paramref name="prefix"/> was used at <paramref name="usedAt"/>.</summary>
    /// <exception cref="EventStoreUnavailableException">The store cannot be reached.</exception>
    Task MarkApiKeyUsedAsync(string prefix, DateTimeOffset usedAt, CancellationToken cancellationToken);
}
