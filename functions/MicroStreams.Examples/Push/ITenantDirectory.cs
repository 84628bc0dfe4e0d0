namespace MicroStreams.Examples.Push;

/// <summary>Which destinations each tenant forwards events to (the seed's "mapping within the database").</summary>
public interface ITenantDirectory
{
    /// <summary>A tenant's destinations now; called per event, so implementations answer from memory.</summary>
    IReadOnlyList<Destination> DestinationsOf(string tenant);

    /// <summary>Every event type push subscribes to, read once when the processor is built: a superset of what tenants forward.</summary>
    IReadOnlyCollection<string> ForwardedEventTypes { get; }
}
