using System.Diagnostics;
using MicroStreams.Events;

namespace MicroStreams.Embedded.Telemetry;

/// <summary>The producer's trace context of a structured event (see <see cref="TraceParentReader"/>), as an <see cref="ActivityContext"/>.</summary>
internal static class TraceContext
{
    /// <summary>The event's trace context, or false when it carries none (or a malformed one).</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out ActivityContext context)
    {
        context = default;
        return TraceParentReader.TryRead(json, out var parent, out var state) && ActivityContext.TryParse(parent, state, isRemote: true, out context);
    }
}
