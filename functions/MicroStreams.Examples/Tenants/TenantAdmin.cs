using System.Text.Json;
using MicroStreams.Examples.Push;

namespace MicroStreams.Examples.Tenants;

/// <summary>
/// The admin operations on tenants, host-neutral: both HTTP hosts map these results to status codes and problem details.
/// Every write refreshes the local directory at once; other instances see it within their refresh interval.
/// </summary>
public sealed class TenantAdmin(ITenantStore store, RefreshingTenantDirectory directory, TimeProvider time)
{
    /// <summary>Every stored tenant (read from the store, not the cache), the push subscriptions and the cache's age.</summary>
    public async Task<byte[]> ListJsonAsync(CancellationToken cancellationToken = default)
    {
        var tenants = await store.ListAsync(cancellationToken);
        return TenantJson.Of(new TenantList(tenants, directory.ForwardedEventTypes, directory.RefreshInterval, directory.RefreshedAt), TenantJsonContext.Default.TenantList);
    }

    /// <summary>One tenant's JSON, or null when it is not stored.</summary>
    public async Task<byte[]?> GetJsonAsync(string tenant, CancellationToken cancellationToken = default) =>
        await store.GetAsync(tenant, cancellationToken) is { } found ? TenantJson.Tenant(found) : null;

    /// <summary>Validates and stores a tenant's whole destination list from a PUT body (at most <see cref="TenantRules.MaxBodyBytes"/>).</summary>
    public async Task<TenantWrite> PutAsync(string tenant, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        if (!TenantRules.IsValidTenant(tenant))
        {
            return Invalid(new TenantProblem(-1, "tenant", TenantRules.TenantRule));
        }

        TenantBody? request;
        try
        {
            request = TenantJson.ReadBody(body.Span);
        }
        catch (JsonException ex)
        {
            return Invalid(new TenantProblem(-1, ex.Path ?? "$", $"the body is not a tenant's destinations: {ex.Message}"));
        }

        var read = request?.Destinations?.Select(d => d?.ToDestination()).ToArray();
        var problems = TenantRules.Check(read);
        if (problems.Count > 0)
        {
            return new TenantWrite(TenantWriteOutcome.Invalid, problems, null);
        }

        var destinations = read!.Select(d => d!).ToArray();
        var now = time.GetUtcNow();
        var created = await store.PutAsync(tenant, destinations, now, cancellationToken);
        await directory.RefreshAsync(cancellationToken);
        var unsubscribed = destinations.SelectMany(d => d.EventTypes).Distinct(StringComparer.Ordinal)
            .Where(type => !directory.ForwardedEventTypes.Contains(type)).Order(StringComparer.Ordinal).ToArray();
        var json = TenantJson.Of(new TenantSaved(tenant, destinations, now, unsubscribed), TenantJsonContext.Default.TenantSaved);
        return new TenantWrite(created ? TenantWriteOutcome.Created : TenantWriteOutcome.Replaced, [], json);
    }

    /// <summary>Removes a tenant; false when it was not stored.</summary>
    public async Task<bool> DeleteAsync(string tenant, CancellationToken cancellationToken = default)
    {
        var deleted = await store.DeleteAsync(tenant, cancellationToken);
        if (deleted)
        {
            await directory.RefreshAsync(cancellationToken);
        }

        return deleted;
    }

    private static TenantWrite Invalid(TenantProblem problem) => new(TenantWriteOutcome.Invalid, [problem], null);
}
