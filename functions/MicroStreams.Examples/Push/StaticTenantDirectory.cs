namespace MicroStreams.Examples.Push;

/// <summary>A tenant directory fixed at start-up, from configuration or a test.</summary>
public sealed class StaticTenantDirectory(IReadOnlyDictionary<string, IReadOnlyList<Destination>> tenants) : ITenantDirectory
{
    public IReadOnlyList<Destination> DestinationsOf(string tenant) =>
        tenants.TryGetValue(tenant, out var destinations) ? destinations : [];

    public IReadOnlyCollection<string> ForwardedEventTypes { get; } =
        tenants.Values.SelectMany(d => d).SelectMany(d => d.EventTypes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
