using MicroStreams.Examples.Push;

namespace MicroStreams.Examples.Tenants;

/// <summary>Fills an empty tenant store from configuration, so existing <c>MicroStreams:Tenants</c> setups keep working.</summary>
public static class TenantSeed
{
    /// <summary>Writes <paramref name="tenants"/> only when the store holds none (the first start); returns how many it wrote.</summary>
    public static async Task<int> SeedIfEmptyAsync(ITenantStore store, IReadOnlyDictionary<string, IReadOnlyList<Destination>> tenants, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tenants);
        foreach (var (tenant, destinations) in tenants)
        {
            if (!TenantRules.IsValidTenant(tenant))
            {
                throw new InvalidOperationException($"configured tenant '{tenant}' is not valid: {TenantRules.TenantRule}");
            }

            if (TenantRules.Check(destinations) is [var problem, ..])
            {
                throw new InvalidOperationException($"configured tenant '{tenant}' is not valid: {problem.Field}: {problem.Reason}");
            }
        }

        if (tenants.Count == 0 || (await store.ListAsync(cancellationToken)).Count > 0)
        {
            return 0;
        }

        foreach (var (tenant, destinations) in tenants)
        {
            await store.PutAsync(tenant, destinations, now, cancellationToken);
        }

        return tenants.Count;
    }
}
