using Analytics.ApiKeys;
using Analytics.Storage;
using Microsoft.Extensions.Options;
using Xunit;

namespace Analytics.Testing;

/// <summary>
/// What every store does with API keys, and <see cref="ApiKeyService"/> on top of it. Part of
/// <see cref="EventStoreContract"/>, so it runs for every store.
/// </summary>
public abstract partial class EventStoreContract
{
    [Fact]
    public async Task Api_keys_are_stored_as_hashes_listed_found_by_prefix_marked_used_and_deleted()
    {
        var store = await ReadyStoreAsync();
        var service = KeyService(store);

        var read = await service.CreateAsync(ApiKeyScope.Read, "Shop.Test", CancellationToken.None);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var ingest = await service.CreateAsync(ApiKeyScope.Ingest, null, CancellationToken.None);

        Assert.Matches("^ak_[a-z2-7]{56}$", read.Key);
        Assert.Equal(read.Key[..11], read.Info.Prefix);
        Assert.Equal("shop.test", read.Info.Site);
        Assert.DoesNotContain(read.Key, read.ToString(), StringComparison.Ordinal);
        var listed = await store.ListApiKeysAsync(CancellationToken.None);
        Assert.Equal([read.Info.Prefix, ingest.Info.Prefix], listed.Select(k => k.Info.Prefix));
        Assert.Equal(read.Info, listed[0].Info);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(read.Key)), listed[0].Hash);
        Assert.Equal(new ApiKeyInfo(ingest.Info.Prefix, ApiKeyScope.Ingest, null, Now.AddSeconds(1), null), listed[1].Info);

        // A prefix is taken once.
        Assert.False(await store.AddApiKeyAsync(listed[0] with { Hash = new byte[32] }, CancellationToken.None));

        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(read.Info with { LastUsedAt = Clock.GetUtcNow() }, await service.VerifyAsync(read.Key, CancellationToken.None));
        Assert.Equal(Clock.GetUtcNow(), (await store.FindApiKeyAsync(read.Info.Prefix, CancellationToken.None))!.Info.LastUsedAt);

        Assert.True(await service.RevokeAsync(read.Info.Prefix, CancellationToken.None));
        Assert.False(await service.RevokeAsync(read.Info.Prefix, CancellationToken.None));
        Assert.Null(await store.FindApiKeyAsync(read.Info.Prefix, CancellationToken.None));
        Assert.Null(await service.VerifyAsync(read.Key, CancellationToken.None));
        Assert.Equal([ingest.Info.Prefix], (await service.ListAsync(CancellationToken.None)).Select(k => k.Prefix));
    }

    [Fact]
    public async Task A_key_is_refused_when_any_character_differs_and_an_unknown_prefix_is_refused()
    {
        var store = await ReadyStoreAsync();
        var service = KeyService(store);
        var created = await service.CreateAsync(ApiKeyScope.Read, null, CancellationToken.None);

        var last = created.Key[^1] == 'a' ? 'b' : 'a';
        Assert.Null(await service.VerifyAsync(created.Key[..^1] + last, CancellationToken.None));
        Assert.Null(await service.VerifyAsync("ak_" + new string('2', 56), CancellationToken.None));
        Assert.Null(await service.VerifyAsync(created.Key + "x", CancellationToken.None));
        Assert.Null(await service.VerifyAsync(created.Key.ToUpperInvariant(), CancellationToken.None));
        Assert.NotNull(await service.VerifyAsync(created.Key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => service.CreateAsync(ApiKeyScope.Read, "not a domain", CancellationToken.None));
    }

    [Fact]
    public async Task A_key_revoked_by_another_instance_works_here_until_the_cache_duration_has_passed_and_not_after()
    {
        var store = await ReadyStoreAsync();
        var here = KeyService(store, TimeSpan.FromSeconds(30));
        var elsewhere = KeyService(store);
        var created = await elsewhere.CreateAsync(ApiKeyScope.Read, null, CancellationToken.None);
        Assert.NotNull(await here.VerifyAsync(created.Key, CancellationToken.None));

        Assert.True(await elsewhere.RevokeAsync(created.Info.Prefix, CancellationToken.None));

        // Remembered: no store round trip for a warm key, so the revocation is not seen yet.
        Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.NotNull(await here.VerifyAsync(created.Key, CancellationToken.None));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await here.VerifyAsync(created.Key, CancellationToken.None));
    }

    private ApiKeyService KeyService(IEventStore store, TimeSpan? cacheDuration = null) =>
        new(store, Clock, new FixedOptionsMonitor(new AnalyticsOptions { ApiKeyCacheDuration = cacheDuration ?? TimeSpan.FromSeconds(30) }));

    private sealed class FixedOptionsMonitor(AnalyticsOptions value) : IOptionsMonitor<AnalyticsOptions>
    {
        public AnalyticsOptions CurrentValue => value;

        public AnalyticsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AnalyticsOptions, string?> listener) => null;
    }
}
