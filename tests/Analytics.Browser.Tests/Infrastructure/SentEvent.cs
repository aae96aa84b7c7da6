using System.Text.Json;

namespace Analytics.Browser.Tests.Infrastructure;

/// <summary>One request body the tracker posted to the events endpoint, as the server received it.</summary>
public sealed record SentEvent(string? ContentType, string Body, JsonElement Json)
{
    public string Name => Json.GetProperty("n").GetString()!;

    public string Url => Json.GetProperty("u").GetString()!;

    public string Domain => Json.GetProperty("d").GetString()!;

    /// <summary>The path of <see cref="Url"/>.</summary>
    public string Path => new Uri(Url).AbsolutePath;

    public JsonElement? Props => Json.TryGetProperty("p", out var props) ? props : null;

    public string? Prop(string key) => Props is { } props && props.TryGetProperty(key, out var value) ? value.GetString() : null;
}
