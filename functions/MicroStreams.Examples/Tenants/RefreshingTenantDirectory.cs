using System.Collections.Frozen;
using MicroStreams.Examples.Push;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroStreams.Examples.Tenants;

/// <summary>
/// The push processor's tenant directory: an in-memory snapshot of an <see cref="ITenantStore"/>, re-read on an interval
/// (the seed's "mapping within the database that we refresh per-instance on some interval") and at once after a local
/// admin write. Reads are one volatile load and a frozen-dictionary lookup, because the push handler asks per event.
/// </summary>
/// <remarks>
/// The router's subscriptions are fixed at start: <see cref="ForwardedEventTypes"/> is the stored event types at start-up
/// plus <see cref="TenantDirectoryOptions.SubscribedEventTypes"/>, and never changes. Tenants, destinations, URLs, batching
/// and event types inside that set apply within one refresh interval; a new event type outside it needs a restart.
/// </remarks>
public sealed class RefreshingTenantDirectory : ITenantDirectory, IDisposable
{
    private readonly ITenantStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _swap = new();
    private Snapshot _snapshot;
    private long _issued;
    private long _applied;

    /// <summary>Starts from <paramref name="initial"/> (read from the store by the caller) and refreshes every interval.</summary>
    public RefreshingTenantDirectory(ITenantStore store, IReadOnlyList<TenantDestinations> initial, TenantDirectoryOptions options, TimeProvider time, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _store = store;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _snapshot = Snapshot.Of(initial, time.GetUtcNow());
        RefreshInterval = options.RefreshInterval;
        ForwardedEventTypes = [.. initial.SelectMany(t => t.Destinations).SelectMany(d => d.EventTypes).Concat(options.SubscribedEventTypes)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        _timer = time.CreateTimer(static state => ((RefreshingTenantDirectory)state!).OnTimer(), this, RefreshInterval, RefreshInterval);
    }

    /// <summary>The push processor's subscriptions: fixed for the life of this directory (see the remarks).</summary>
    public IReadOnlyCollection<string> ForwardedEventTypes { get; }

    public TimeSpan RefreshInterval { get; }

    /// <summary>When the snapshot being served was read from the store.</summary>
    public DateTimeOffset RefreshedAt => Volatile.Read(ref _snapshot).ReadAt;

    /// <summary>Reads the store and starts refreshing; fails when the store cannot be read, rather than start with no tenants.</summary>
    public static async Task<RefreshingTenantDirectory> StartAsync(ITenantStore store, TenantDirectoryOptions options, TimeProvider time, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var initial = await store.ListAsync(cancellationToken);
        return new RefreshingTenantDirectory(store, initial, options, time, logger);
    }

    public IReadOnlyList<Destination> DestinationsOf(string tenant) =>
        Volatile.Read(ref _snapshot).Tenants.TryGetValue(tenant, out var destinations) ? destinations : [];

    /// <summary>
    /// Re-reads the store now (admin writes call it so this instance sees its own edit at once). False when the store
    /// failed: the last snapshot stays and the failure is logged. A slower read never replaces a newer one.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var ticket = Interlocked.Increment(ref _issued);
        IReadOnlyList<TenantDestinations> tenants;
        try
        {
            tenants = await _store.ListAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            TenantDirectoryLog.RefreshFailed(_logger, ex, RefreshedAt);
            return false;
        }

        var next = Snapshot.Of(tenants, _time.GetUtcNow());
        lock (_swap)
        {
            if (ticket > _applied)
            {
                _applied = ticket;
                Volatile.Write(ref _snapshot, next);
            }
        }

        TenantDirectoryLog.Refreshed(_logger, tenants.Count, tenants.Sum(t => t.Destinations.Count));
        return true;
    }

    public void Dispose()
    {
        _timer.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void OnTimer()
    {
        if (!_stopping.IsCancellationRequested)
        {
            _ = RefreshOnTimerAsync();
        }
    }

    private async Task RefreshOnTimerAsync()
    {
        try
        {
            await RefreshAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // Disposed while reading: nothing to refresh any more.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>An immutable view of the store, swapped whole so a reader never sees half an update.</summary>
    private sealed record Snapshot(FrozenDictionary<string, IReadOnlyList<Destination>> Tenants, DateTimeOffset ReadAt)
    {
        public static Snapshot Of(IReadOnlyList<TenantDestinations> tenants, DateTimeOffset readAt) =>
            new(tenants.ToFrozenDictionary(t => t.Tenant, t => (IReadOnlyList<Destination>)[.. t.Destinations], StringComparer.Ordinal), readAt);
    }
}
