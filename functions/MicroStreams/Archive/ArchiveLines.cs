namespace MicroStreams.Archive;

/// <summary>Recovers the event from an archive line: the line is the event's JSON with three position attributes appended (ArchiveEncoder).</summary>
public static class ArchiveLines
{
    private static ReadOnlySpan<byte> Suffix => "\"logpartition\":"u8;

    /// <summary>
    /// The event as appended to the log, without <c>logpartition</c>, <c>logsequence</c> and <c>logtime</c>: a rebuilt
    /// worker must see the bytes the live worker saw (a processor may keep the raw event, as push delivery does). Only
    /// whitespace before the closing brace can differ from the original, which the encoder trimmed.
    /// </summary>
    public static byte[] Original(ReadOnlySpan<byte> line)
    {
        var at = line.LastIndexOf(Suffix);
        if (at < 0)
        {
            return line.ToArray();
        }

        var head = line[..at].TrimEnd(" \t\r\n"u8);
        if (head.Length > 0 && head[^1] == (byte)',')
        {
            head = head[..^1];
        }

        var original = new byte[head.Length + 1];
        head.CopyTo(original);
        original[^1] = (byte)'}';
        return original;
    }
}
