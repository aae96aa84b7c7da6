using System.Buffers;
using System.IO.Pipelines;
using Analytics.Ingestion;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Analytics.AspNetCore.Endpoints;

/// <summary>
/// A request body read whole, refused as soon as it passes the size limit. The bytes stay in the request's pipe (or,
/// when they span several of its segments, in one pooled buffer) until <see cref="Dispose"/>: parse them first.
/// </summary>
internal readonly struct RequestBody : IDisposable
{
    private readonly PipeReader? _reader;
    private readonly ReadOnlySequence<byte> _buffer;
    private readonly byte[]? _pooled;

    private RequestBody(PipeReader reader, ReadOnlySequence<byte> buffer)
    {
        _reader = reader;
        _buffer = buffer;
        if (!buffer.IsSingleSegment)
        {
            _pooled = ArrayPool<byte>.Shared.Rent((int)buffer.Length);
            buffer.CopyTo(_pooled);
        }
    }

    /// <summary>True when the body was larger than the limit; then there are no bytes.</summary>
    public bool IsTooLarge => _reader is null;

    /// <summary>The body's bytes, valid until <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> Span => _pooled is null ? _buffer.FirstSpan : _pooled.AsSpan(0, (int)_buffer.Length);

    /// <summary>Reads the whole body, or answers <see cref="IsTooLarge"/> when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async ValueTask<RequestBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return default;
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return default;
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                return new RequestBody(reader, buffer);
            }

            // Nothing consumed, everything examined: the next read returns the whole body so far plus more.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Reads one event's body and parses it with <paramref name="parse"/>, problems going to <paramref name="errors"/>;
    /// or answers 415 for a body that is not declared JSON (nor, when <paramref name="acceptPlainText"/>, plain text)
    /// and 413 for one over <see cref="AnalyticsOptions.MaxEventBodyBytes"/>.
    /// </summary>
    public static async ValueTask<(T? Value, ProblemHttpResult? Refused)> ReadEventAsync<T>(
        HttpRequest request,
        AnalyticsOptions options,
        EventBodyParser<T> parse,
        ValidationErrors errors,
        bool acceptPlainText,
        CancellationToken cancellationToken)
        where T : class
    {
        if (acceptPlainText ? !IsJsonOrPlainText(request) : !request.HasJsonContentType())
        {
            return (null, Problems.UnsupportedMediaType(
                acceptPlainText ? "the event as JSON, with Content-Type: text/plain or application/json" : "the event as JSON with Content-Type: application/json"));
        }

        var maxBytes = options.MaxEventBodyBytes;
        using var body = await ReadAsync(request, maxBytes, cancellationToken);
        return body.IsTooLarge
            ? (null, Problems.TooLarge($"One event may be at most {maxBytes} bytes of JSON."))
            : (parse(body.Span, errors), null);
    }

    /// <summary>
    /// Whether the body is declared JSON or plain text, which the peers' trackers send so that browsers need no CORS
    /// preflight: either is read as JSON.
    /// </summary>
    public static bool IsJsonOrPlainText(HttpRequest request) =>
        request.HasJsonContentType()
        || (Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            && mediaType.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase));

    /// <summary>Gives the bytes back to the pipe (and the pool).</summary>
    public void Dispose()
    {
        if (_pooled is not null)
        {
            ArrayPool<byte>.Shared.Return(_pooled);
        }

        _reader?.AdvanceTo(_buffer.End);
    }
}

/// <summary>Parses an event's body; problems go to <paramref name="errors"/>, and then the result is null.</summary>
internal delegate T? EventBodyParser<T>(ReadOnlySpan<byte> body, ValidationErrors errors)
    where T : class;
