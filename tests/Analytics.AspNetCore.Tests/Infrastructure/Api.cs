using System.Net;
using System.Text;
using System.Text.Json;

namespace Analytics.AspNetCore.Tests.Infrastructure;

/// <summary>Small helpers for talking to the analytics API and checking its answers.</summary>
internal static class Api
{
    public const string WindowsUserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    public const string MacUserAgent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15";
    public const string LinuxUserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    public const string AndroidUserAgent = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

    /// <summary>The seed's example event.</summary>
    public static readonly string SeedExample = $$"""
        {"page":"/pricing","user_agent":"{{WindowsUserAgent}}","ip_address":"192.168.0.1","referrer":"google.com","session_id":"abc123","duration":12}
        """;

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<HttpResponseMessage> PostEventAsync(this HttpClient client, string json, string path = "/api/events") =>
        await client.PostAsync(path, Json(json));

    /// <summary>Posts an event and returns the stored event, failing with the answer when it is not 201.</summary>
    public static async Task<JsonElement> PostCreatedAsync(this HttpClient client, string json, string path = "/api/events")
    {
        using var response = await client.PostEventAsync(json, path);
        return await ReadJsonAsync(response, HttpStatusCode.Created);
    }

    /// <summary>Reads a JSON answer after checking its status code and content type.</summary>
    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.StatusCode == expected,
            $"Expected {(int)expected} but got {(int)response.StatusCode} {response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Checks an RFC 9457 problem answer: the status code, the content type <c>application/problem+json</c>, the
    /// <c>status</c> member and, when <paramref name="field"/> is given, that <c>errors</c> names it.
    /// </summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.StatusCode == expected,
            $"Expected {(int)expected} but got {(int)response.StatusCode} {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var problem = document.RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        if (field is not null)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors), $"The problem has no 'errors': {body}");
            Assert.True(errors.TryGetProperty(field, out var messages), $"The problem's errors do not name '{field}': {body}");
            Assert.NotEmpty(messages.EnumerateArray());
        }

        return problem;
    }

    public static string? GetStringOrNull(this JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? null : element.GetProperty(property).GetString();
}
