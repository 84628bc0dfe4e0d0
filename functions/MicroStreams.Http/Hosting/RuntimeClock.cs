namespace MicroStreams.Http.Hosting;

/// <summary>
/// The clock the embedded runtime runs on (in the container; see <see cref="EmbeddedMicroStreamsBuilder.UseTimeProvider"/>
/// and <see cref="EmbeddedMicroStreamsBuilder.UseSimulatedClock"/>), and the simulated clock behind it when there is one.
/// A processor's own services take their time from it, so that they move with a simulated clock.
/// </summary>
public sealed record RuntimeClock(TimeProvider Time, SimulatedClock? Simulated);
