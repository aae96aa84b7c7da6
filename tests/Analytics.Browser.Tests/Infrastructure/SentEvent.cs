using System.Text.Json;

namespace Analytics.Browser.Tests.Infrastructure;

/// <summary>One request body the tracker posted to the events endpoint, as the server received it, and its answer.</summary>
public sealed class SentEvent(string? contentType, string body)
{
    private volatile Answer? _answer;

    public string? ContentType { get; } = contentType;

    public string Body { get; } = body;

    public JsonElement Json { get; } = JsonDocument.Parse(body).RootElement.Clone();

    public string Name => Json.GetProperty("n").GetString()!;

    public string Url => Json.GetProperty("u").GetString()!;

    public string Domain => Json.GetProperty("d").GetString()!;

    /// <summary>The path of <see cref="Url"/>.</summary>
    public string Path => new Uri(Url).AbsolutePath;

    public JsonElement? Props => Json.TryGetProperty("p", out var props) ? props : null;

    /// <summary>The server's answer, once the endpoints have answered; null before.</summary>
    public Answer? Response => _answer;

    public string? Prop(string key) => Props is { } props && props.TryGetProperty(key, out var value) ? value.GetString() : null;

    internal void Answered(int status, string? dropped) => _answer = new Answer(status, dropped);

    /// <summary>The status code and the <c>x-plausible-dropped</c> header (null when nothing was dropped).</summary>
    public sealed record Answer(int Status, string? Dropped);
}
