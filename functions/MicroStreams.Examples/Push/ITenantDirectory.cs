namespace MicroStreams.Examples.Push;

/// <summary>Which destinations each tenant forwards events to (the seed's "mapping within the database").</summary>
public interface ITenantDirectory
{
    IReadOnlyList<Destination> DestinationsOf(string tenant);

    /// <summary>Every event type some tenant forwards: what the push processor subscribes to.</summary>
    IReadOnlyCollection<string> ForwardedEventTypes { get; }
}
