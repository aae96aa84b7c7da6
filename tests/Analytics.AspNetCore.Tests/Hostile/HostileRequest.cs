using System.Globalization;
using System.Text;

namespace Analytics.AspNetCore.Tests.Hostile;

/// <summary>One request of the hostile-input suite, printable so that a failure shows what was sent.</summary>
/// <param name="Route">The route it was made from (for the per-route tally).</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Target">The path and query string.</param>
/// <param name="ContentType">The Content-Type header, or null for none.</param>
/// <param name="Body">The body, or null for none.</param>
/// <param name="Headers">Other headers, sent without validation.</param>
/// <param name="IsRead">Whether the route is a read (a read key goes with it once keys exist).</param>
public sealed record HostileRequest(
    string Route,
    HttpMethod Method,
    string Target,
    string? ContentType,
    byte[]? Body,
    IReadOnlyList<(string Name, string Value)> Headers,
    bool IsRead)
{
    /// <summary>The request as an <see cref="HttpRequestMessage"/>.</summary>
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Target);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            message.Content.Headers.Remove("Content-Type");
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    /// <summary>What a failure prints: everything needed to send it again by hand, long parts shortened.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Method} {Shorten(Target, 400)}");
        text.Append(CultureInfo.InvariantCulture, $"\n  Content-Type: {ContentType ?? "(none)"}");
        foreach (var (name, value) in Headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {name}: {Shorten(value, 200)} ({value.Length} chars)");
        }

        if (Body is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  body ({Body.Length} bytes): {Shorten(Escape(Body), 600)}");
        }

        return text.ToString();
    }

    private static string Shorten(string value, int length) => value.Length <= length ? value : value[..length] + "...";

    // Printable ASCII as is, everything else as \xNN, so invalid UTF-8 shows byte for byte.
    private static string Escape(byte[] body)
    {
        var text = new StringBuilder();
        foreach (var b in body.AsSpan(0, Math.Min(body.Length, 2000)))
        {
            if (b is >= 0x20 and < 0x7f && b != '\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
            }
        }

        return text.ToString();
    }
}
