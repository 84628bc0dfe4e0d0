using MicroStreams.Examples.Push;

namespace MicroStreams.Examples.Tenants;

/// <summary>One tenant's stored destination list and when it was last written.</summary>
public sealed record TenantDestinations(string Tenant, IReadOnlyList<Destination> Destinations, DateTimeOffset UpdatedAt);
