using MicroStreams.Examples.Push;

namespace MicroStreams.Examples.Tenants;

/// <summary>Where the tenants' push destinations are kept and edited (SQLite in <c>state.db</c>, Azure Table storage).</summary>
public interface ITenantStore
{
    /// <summary>Every tenant with its destinations, in ordinal tenant order.</summary>
    Task<IReadOnlyList<TenantDestinations>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>One tenant's destinations, or null when the tenant is not stored.</summary>
    Task<TenantDestinations?> GetAsync(string tenant, CancellationToken cancellationToken = default);

    /// <summary>Replaces a tenant's whole destination list; true when the tenant was not stored before.</summary>
    Task<bool> PutAsync(string tenant, IReadOnlyList<Destination> destinations, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Removes a tenant; false when it was not stored.</summary>
    Task<bool> DeleteAsync(string tenant, CancellationToken cancellationToken = default);
}
