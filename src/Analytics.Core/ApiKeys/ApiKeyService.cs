using System.Collections.Concurrent;
using System.Security.Cryptography;
using Analytics.Sites;
using Analytics.Storage;
using Microsoft.Extensions.Options;

namespace Analytics.ApiKeys;

/// <summary>
/// <see cref="IApiKeyService"/> on the store's <see cref="IApiKeyStore"/> role. Verification looks a key up by its prefix
/// and compares the SHA-256 hashes in constant time; what the store answered (a key or none) is remembered for
/// <see cref="AnalyticsOptions.ApiKeyCacheDuration"/>, so warm requests never wait for the store, and a key revoked
/// elsewhere stops working within that time. The key's last use is written when it is looked up, so at most once per
/// that time and instance.
/// </summary>
internal sealed class ApiKeyService : IApiKeyService
{
    /// <summary>Past this many remembered prefixes the expired ones are dropped, then all: memory stays bounded whatever keys clients make up.</summary>
    internal const int MaxRemembered = 10_000;

    private readonly IApiKeyStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly IOptionsMonitor<AnalyticsOptions> _options;
    private readonly ConcurrentDictionary<string, Remembered> _remembered = new(StringComparer.Ordinal);

    public ApiKeyService(IApiKeyStore store, TimeProvider timeProvider, IOptionsMonitor<AnalyticsOptions> options)
    {
        _store = store;
        _timeProvider = timeProvider;
        _options = options;
    }

    public async Task<CreatedApiKey> CreateAsync(ApiKeyScope scope, string? site, CancellationToken cancellationToken)
    {
        string? normalized = null;
        if (site is not null)
        {
            normalized = SiteDomain.Normalize(site) ?? throw new ArgumentException($"'{site}' is not a site domain such as example.com.", nameof(site));
        }

        // A prefix has 40 random bits: a clash is rare, and a fresh draw settles it.
        for (var attempt = 0; ; attempt++)
        {
            var key = ApiKeyText.Generate();
            var info = new ApiKeyInfo(key[..ApiKeyText.PrefixLength], scope, normalized, Truncate(_timeProvider.GetUtcNow()), null);
            if (await _store.AddApiKeyAsync(new StoredApiKey(ApiKeyText.Hash(key), info), cancellationToken))
            {
                _remembered.TryRemove(info.Prefix, out _);
                return new CreatedApiKey(key, info);
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException("Could not find an unused API key prefix in four attempts.");
            }
        }
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await _store.ListApiKeysAsync(cancellationToken)).Select(k => k.Info)];

    public async Task<bool> RevokeAsync(string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        prefix = prefix.Trim();
        if (prefix.Length > ApiKeyText.PrefixLength && ApiKeyText.IsWellFormed(prefix))
        {
            prefix = prefix[..ApiKeyText.PrefixLength];
        }

        if (!ApiKeyText.IsPrefix(prefix))
        {
            return false;
        }

        var deleted = await _store.DeleteApiKeyAsync(prefix, cancellationToken);
        _remembered.TryRemove(prefix, out _);
        return deleted;
    }

    public async ValueTask<ApiKeyInfo?> VerifyAsync(string key, CancellationToken cancellationToken)
    {
        if (key is null || !ApiKeyText.IsWellFormed(key))
        {
            return null;
        }

        var prefix = key[..ApiKeyText.PrefixLength];
        var now = _timeProvider.GetTimestamp();
        if (!_remembered.TryGetValue(prefix, out var remembered) || now >= remembered.ExpiresAt)
        {
            var stored = await _store.FindApiKeyAsync(prefix, cancellationToken);
            if (stored is not null && Matches(stored, key))
            {
                var usedAt = Truncate(_timeProvider.GetUtcNow());
                await _store.MarkApiKeyUsedAsync(prefix, usedAt, cancellationToken);
                stored = stored with { Info = stored.Info with { LastUsedAt = usedAt } };
            }

            remembered = new Remembered(stored, now + (long)(_options.CurrentValue.ApiKeyCacheDuration.TotalSeconds * _timeProvider.TimestampFrequency));
            Remember(prefix, remembered, now);
        }

        return remembered.Key is { } known && Matches(known, key) ? known.Info : null;
    }

    /// <summary>
    /// Whether verifying <paramref name="key"/> now would be answered from memory, without the store: a caller can then
    /// limit how often one client makes the store look up keys it made up.
    /// </summary>
    internal bool IsRemembered(string key) =>
        key.Length >= ApiKeyText.PrefixLength
        && _remembered.TryGetValue(key[..ApiKeyText.PrefixLength], out var remembered)
        && _timeProvider.GetTimestamp() < remembered.ExpiresAt;

    private static bool Matches(StoredApiKey stored, string key) =>
        CryptographicOperations.FixedTimeEquals(stored.Hash, ApiKeyText.Hash(key));

    private void Remember(string prefix, Remembered remembered, long now)
    {
        if (_remembered.Count >= MaxRemembered)
        {
            foreach (var (name, entry) in _remembered)
            {
                if (now >= entry.ExpiresAt)
                {
                    _remembered.TryRemove(name, out _);
                }
            }

            if (_remembered.Count >= MaxRemembered)
            {
                _remembered.Clear();
            }
        }

        _remembered[prefix] = remembered;
    }

    // Both stores keep microseconds.
    private static DateTimeOffset Truncate(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    /// <summary>What the store answered for a prefix (null: no such key), and until when it is believed.</summary>
    private readonly record struct Remembered(StoredApiKey? Key, long ExpiresAt);
}
