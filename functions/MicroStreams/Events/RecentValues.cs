using System.Text.Json;

namespace MicroStreams.Events;

/// <summary>
/// The last few distinct values of a low-cardinality attribute (type, source), per thread, so reading one returns the
/// same string instead of a new one: a log holds millions of events with a handful of types and sources. Hand-written:
/// a string pool that matches on UTF-8 bytes before allocating is a few lines here, and no offline library offers one.
/// </summary>
internal sealed class RecentValues
{
    private const int Slots = 4;

    [ThreadStatic]
    private static RecentValues? t_types;

    [ThreadStatic]
    private static RecentValues? t_sources;

    private readonly byte[][] _utf8 = new byte[Slots][];
    private readonly string[] _values = new string[Slots];
    private int _next;

    public static RecentValues Types => t_types ??= new RecentValues();

    public static RecentValues Sources => t_sources ??= new RecentValues();

    /// <summary>The reader's current string value, shared with an earlier read of the same bytes when there was one.</summary>
    public string Read(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return reader.GetString()!;
        }

        return Read(reader.ValueSpan);
    }

    /// <summary>The string of <paramref name="bytes"/> (UTF-8 without escapes), shared with an earlier read of the same bytes when there was one.</summary>
    public string Read(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < Slots; i++)
        {
            if (_utf8[i] is { } known && bytes.SequenceEqual(known))
            {
                return _values[i];
            }
        }

        var value = System.Text.Encoding.UTF8.GetString(bytes);
        _utf8[_next] = bytes.ToArray();
        _values[_next] = value;
        _next = (_next + 1) % Slots;
        return value;
    }
}
