namespace MicroStreams.Http.Ingest;

/// <summary>
/// The ingest port: where a host's log takes the events of a request. The handler has read the body, split it into
/// structured CloudEvents (or mapped Segment messages) and checked the size limits; the sink validates each event,
/// appends all or none, and answers once they are durable.
/// </summary>
public interface IEventSink
{
    /// <summary>Null when the sink takes events now; else the 429 to answer before the body is read.</summary>
    Throttle? Pressure();

    /// <summary>Validates and appends the events, all or none.</summary>
    Task<AppendOutcome> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> events, CancellationToken cancellationToken);

    /// <summary>Told of a request of <paramref name="events"/> events refused before it reached the sink (for the host's meters).</summary>
    void Refused(int events);
}
