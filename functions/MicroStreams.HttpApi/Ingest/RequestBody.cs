using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace MicroStreams.Http.Ingest;

/// <summary>A request body read whole into a pooled buffer, up to a limit; return it with <see cref="Dispose"/>.</summary>
public sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>Reads the body, or returns null when it is larger than <paramref name="limit"/> bytes.</summary>
    public static async Task<RequestBody?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        return await ReadAsync(request.Body, (int)Math.Min(request.ContentLength ?? 16 * 1024, limit), limit, cancellationToken);
    }

    /// <summary>
    /// Reads the body as <see cref="ReadAsync(HttpRequest, int, CancellationToken)"/> does, decompressing it when it is sent
    /// with <c>Content-Encoding: gzip</c> (as Segment-style SDKs do by default). <paramref name="limit"/> applies to the bytes
    /// received and again to the decompressed bytes, so a small compressed bomb is refused (413) without being inflated past it.
    /// </summary>
    public static async Task<(RequestBody? Body, BodyProblem Problem)> ReadDecodedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        var gzip = IsGzip(request);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return (null, BodyProblem.UnsupportedEncoding);
        }

        var received = await ReadAsync(request, limit, cancellationToken);
        if (received is null || !gzip)
        {
            return (received, received is null ? BodyProblem.TooLarge : BodyProblem.None);
        }

        using (received)
        {
            try
            {
                using var compressed = new MemoryStream(received._buffer!, 0, received.Length, writable: false);
                await using var inflating = new GZipStream(compressed, CompressionMode.Decompress);
                var inflated = await ReadAsync(inflating, Math.Min(limit, Math.Max(received.Length, 1024) * 4), limit, cancellationToken);
                return (inflated, inflated is null ? BodyProblem.TooLarge : BodyProblem.None);
            }
            catch (InvalidDataException)
            {
                return (null, BodyProblem.MalformedGzip);
            }
        }
    }

    /// <summary>Whether the body is sent with <c>Content-Encoding: gzip</c>.</summary>
    public static bool IsGzip(HttpRequest request)
    {
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        return encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || encoding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads <paramref name="stream"/> to its end, or returns null as soon as it has more than <paramref name="limit"/> bytes.</summary>
    private static async Task<RequestBody?> ReadAsync(Stream stream, int expected, int limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(expected + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return null;
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (length > limit)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }

        return new RequestBody(buffer, length);
    }
}
