using System.Diagnostics;
using System.Text;
using MicroStreams.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MicroStreams.Embedded.Tests.Telemetry;

/// <summary>
/// The MicroStreams spans finished while it lives, through the OpenTelemetry SDK and its in-memory exporter. Other
/// tests run beside it in the same process and make spans of their own: the sampler is parent-based with root spans
/// off, so only the traces a test starts itself (a traced event, or a span of <see cref="StartRoot"/> around a call) are
/// recorded.
/// </summary>
internal sealed class SpanCapture : IDisposable
{
    private static readonly ActivitySource TestSource = new("MicroStreams.Tests.Telemetry");
    private readonly List<Activity> _spans = [];
    private readonly TracerProvider _provider;

    public SpanCapture()
    {
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(MicroStreamsActivity.SourceName, TestSource.Name)
            .SetSampler(new ParentBasedSampler(new AlwaysOffSampler()))
            .AddInMemoryExporter(_spans)
            .Build()!;
    }

    public IReadOnlyList<Activity> Spans
    {
        get
        {
            _provider.ForceFlush();
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    public IReadOnlyList<Activity> InTrace(ActivityTraceId trace) => [.. Spans.Where(s => s.TraceId == trace)];

    /// <summary>A recorded span of the test itself (an admin request, say), ambient until disposed.</summary>
    public static Activity StartRoot(string name) =>
        TestSource.StartActivity(name, ActivityKind.Internal, new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded))
        ?? throw new InvalidOperationException("the capture does not listen to the test source");

    public void Dispose() => _provider.Dispose();

    /// <summary>A probe event carrying a producer's <c>traceparent</c> (CloudEvents distributed tracing).</summary>
    public static (ReadOnlyMemory<byte> Event, ActivityContext Producer) Traced(string subject, string id, DateTimeOffset time, string data)
    {
        var producer = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        var json = $$"""{"specversion":"1.0","id":"{{id}}","source":"test","type":"probe","subject":"{{subject}}","time":"{{time:O}}","traceparent":"00-{{producer.TraceId}}-{{producer.SpanId}}-01","data":{{data}}}""";
        return (Encoding.UTF8.GetBytes(json), producer);
    }
}
