using MicroStreams.Embedded;
using MicroStreams.Http.Auth;
using MicroStreams.Http.Metrics;

namespace MicroStreams.Http.Hosting;

/// <summary>Everything the endpoints share: the runtime, the keys and limits, metrics, and the manual clock when simulated.</summary>
public sealed class ServeContext(EmbeddedRuntime runtime, HttpOptions options, ApiKeys keys, ServeMetrics metrics, MeterSnapshot meters, SimulatedClock? clock) : IDisposable
{
    public EmbeddedRuntime Runtime { get; } = runtime;
    public HttpOptions Options { get; } = options;
    public ApiKeys Keys { get; } = keys;
    public ServeMetrics Metrics { get; } = metrics;
    /// <summary>The host's meters as the dashboard reads them.</summary>
    public MeterSnapshot Meters { get; } = meters;

    /// <summary>The simulated clock, or null when serve runs on real time.</summary>
    public SimulatedClock? Clock { get; } = clock;

    public void Dispose()
    {
        Meters.Dispose();
        Metrics.Dispose();
    }
}
