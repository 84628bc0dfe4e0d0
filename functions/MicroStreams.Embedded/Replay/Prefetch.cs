using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace MicroStreams.Embedded.Replay;

/// <summary>
/// Asks the CPU to start loading an object into its cache ahead of use (x86 <c>prefetcht0</c>; nothing elsewhere). A
/// rebuild over 100k workers spends most of its time waiting for memory: each event touches its worker, the worker's
/// state, timers and watermarks, all in different places. Hinting those a few records early overlaps the waits.
/// </summary>
/// <remarks>
/// A hint only: the address is read from the reference and may be stale by the time the CPU acts on it (the collector
/// moved the object), which costs a wasted load and nothing else; a prefetch never faults.
/// </remarks>
internal static unsafe class Prefetch
{
    private const int Line = 64;

    /// <summary>The cache lines of the first <paramref name="bytes"/> bytes of <paramref name="target"/> (nothing when null).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Object(object? target, int bytes = Line)
    {
        if (!Sse.IsSupported || target is null)
        {
            return;
        }

        var address = (byte*)Unsafe.As<object, nint>(ref target);
        for (var offset = 0; offset < bytes; offset += Line)
        {
            Sse.Prefetch0(address + offset);
        }
    }
}
