using System.Text;
using System.Text.Json;

namespace Analytics.AspNetCore.Tests.Infrastructure;

/// <summary>Sends one ingestion request and reads back, from the store, exactly the events it stored.</summary>
internal static class StoredEvents
{
    /// <summary>
    /// Posts <paramref name="body"/> to <paramref name="path"/> with the given user agent, content type and headers;
    /// returns the answer and the events the request appended, each as <c>GET /api/events/{id}</c> returns it.
    /// </summary>
    public static async Task<(HttpResponseMessage Response, IReadOnlyList<JsonElement> Stored)> PostAsync(
        this StatsApiFixture fixture,
        string path,
        string body,
        string userAgent,
        string contentType,
        params (string Name, string Value)[] headers)
    {
        var before = fixture.Store.Appended.Count;
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var client = fixture.CreateClient();
        var response = await client.SendAsync(request);
        var stored = new List<JsonElement>();
        foreach (var appended in fixture.Store.Appended.Skip(before))
        {
            using var get = await client.GetAsync($"/api/events/{appended.Id}");
            stored.Add(await Api.ReadJsonAsync(get));
        }

        return (response, stored);
    }
}
