using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

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
