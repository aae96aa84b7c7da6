using System.Net.Http.Headers;
using Analytics.ApiKeys;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.AspNetCore.Tests.Infrastructure;

/// <summary>Read keys for tests: reads need one by default, so clients of the shared fixtures carry one.</summary>
internal static class ReadKeys
{
    /// <summary>Creates a key of <paramref name="scope"/> for <paramref name="site"/> (null: every site) in the host's store.</summary>
    public static async Task<string> CreateAsync(IServiceProvider services, string? site = null, ApiKeyScope scope = ApiKeyScope.Read) =>
        (await services.GetRequiredService<IApiKeyService>().CreateAsync(scope, site, CancellationToken.None)).Key;

    /// <summary>Sends <paramref name="key"/> as <c>Authorization: Bearer</c> on every request of <paramref name="client"/>.</summary>
    public static HttpClient WithKey(this HttpClient client, string? key)
    {
        client.DefaultRequestHeaders.Authorization = key is null ? null : new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Gives <paramref name="client"/> a new read key for every site of the host at <paramref name="services"/>.</summary>
    public static async Task<HttpClient> WithReadKeyAsync(this HttpClient client, IServiceProvider services) =>
        client.WithKey(await CreateAsync(services));
}
