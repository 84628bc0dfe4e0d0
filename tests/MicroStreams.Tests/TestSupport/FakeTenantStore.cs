using MicroStreams.Examples.Push;
using MicroStreams.Examples.Tenants;

namespace MicroStreams.Tests.TestSupport;

/// <summary>A tenant store in memory that a test can make fail, or hold a read open until it releases it.</summary>
public sealed class FakeTenantStore : ITenantStore
{
    private readonly SortedDictionary<string, TenantDestinations> _tenants = new(StringComparer.Ordinal);

    /// <summary>When set, every call throws it.</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, the next list waits for this task and then answers with what was stored when it was called.</summary>
    public Task? HoldNextList { get; set; }

    public int Lists { get; private set; }

    public async Task<IReadOnlyList<TenantDestinations>> ListAsync(CancellationToken cancellationToken = default)
    {
        Lists++;
        ThrowIfFailing();
        IReadOnlyList<TenantDestinations> answer = [.. _tenants.Values];
        if (HoldNextList is { } hold)
        {
            HoldNextList = null;
            await hold;
        }

        return answer;
    }

    public Task<TenantDestinations?> GetAsync(string tenant, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        return Task.FromResult(_tenants.GetValueOrDefault(tenant));
    }

    public Task<bool> PutAsync(string tenant, IReadOnlyList<Destination> destinations, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        var created = !_tenants.ContainsKey(tenant);
        _tenants[tenant] = new TenantDestinations(tenant, destinations, now);
        return Task.FromResult(created);
    }

    public Task<bool> DeleteAsync(string tenant, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        return Task.FromResult(_tenants.Remove(tenant));
    }

    private void ThrowIfFailing()
    {
        if (Failure is { } failure)
        {
            throw failure;
        }
    }
}
