using MicroStreams.Examples.Push;
using MicroStreams.Examples.Tenants;
using MicroStreams.Tests.TestSupport;
using MicroStreams.Time;
using Microsoft.Extensions.Logging;

namespace MicroStreams.Tests.Examples.Tenants;

public sealed class RefreshingTenantDirectoryTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Destination Crm = new("crm", "https://crm.example/in", ["sale_complete"]);
    private static readonly Destination Hooks = new("hooks", "https://hooks.example/in", ["page_view"]);

    private readonly FakeTenantStore _store = new();
    private readonly ManualTimeProvider _clock = new(T0);
    private readonly ListLogger _logger = new();

    private async Task<RefreshingTenantDirectory> StartAsync(TimeSpan? interval = null, params string[] subscribed)
    {
        var options = new TenantDirectoryOptions { RefreshInterval = interval ?? new TenantDirectoryOptions().RefreshInterval };
        foreach (var type in subscribed)
        {
            options.SubscribedEventTypes.Add(type);
        }

        return await RefreshingTenantDirectory.StartAsync(_store, options, _clock, _logger);
    }

    private static string[] Names(IEnumerable<Destination> destinations) => [.. destinations.Select(d => d.Name)];

    [Fact]
    public async Task DestinationsOf_BeforeTheDefaultThirtySecondsPass_ServesTheSnapshotReadAtStart()
    {
        await _store.PutAsync("acme", [Crm], T0);
        using var directory = await StartAsync();
        await _store.PutAsync("acme", [Crm, Hooks], T0);

        _clock.Advance(TimeSpan.FromSeconds(29));
        var before = Names(directory.DestinationsOf("acme"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var after = Names(directory.DestinationsOf("acme"));

        Assert.Equal(["crm"], before);
        Assert.Equal(["crm", "hooks"], after);
        Assert.Equal(T0.AddSeconds(30), directory.RefreshedAt);
    }

    [Fact]
    public async Task DestinationsOf_WithAConfiguredInterval_RefreshesOnThatIntervalEveryTime()
    {
        using var directory = await StartAsync(TimeSpan.FromSeconds(5));
        var seen = new List<int>();

        for (var i = 0; i < 3; i++)
        {
            await _store.PutAsync($"t{i}", [Crm], T0);
            _clock.Advance(TimeSpan.FromSeconds(4));
            seen.Add(directory.DestinationsOf($"t{i}").Count);
            _clock.Advance(TimeSpan.FromSeconds(1));
            seen.Add(directory.DestinationsOf($"t{i}").Count);
        }

        Assert.Equal([0, 1, 0, 1, 0, 1], seen);
        Assert.Equal(4, _store.Lists);
    }

    [Fact]
    public async Task Refresh_WhenTheStoreFails_KeepsTheLastSnapshotLogsAWarningAndRecoversOnTheNextInterval()
    {
        await _store.PutAsync("acme", [Crm], T0);
        using var directory = await StartAsync(TimeSpan.FromSeconds(10));
        await _store.PutAsync("acme", [Hooks], T0);
        _store.Failure = new IOException("table unreachable");

        _clock.Advance(TimeSpan.FromSeconds(10));
        var during = Names(directory.DestinationsOf("acme"));
        _store.Failure = null;
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(["crm"], during);
        var warning = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(1201, warning.Id.Id);
        Assert.IsType<IOException>(warning.Exception);
        Assert.Equal(["hooks"], Names(directory.DestinationsOf("acme")));
    }

    [Fact]
    public async Task RefreshAsync_WhenTheStoreFails_ReturnsFalseInsteadOfThrowing()
    {
        await _store.PutAsync("acme", [Crm], T0);
        using var directory = await StartAsync();
        _store.Failure = new TimeoutException();

        var refreshed = await directory.RefreshAsync();

        Assert.False(refreshed);
        Assert.Equal(["crm"], Names(directory.DestinationsOf("acme")));
    }

    [Fact]
    public async Task StartAsync_WhenTheStoreCannotBeRead_Fails()
    {
        _store.Failure = new IOException("no table");

        await Assert.ThrowsAsync<IOException>(() => StartAsync());
    }

    [Fact]
    public async Task PutAsync_ThroughTheAdmin_IsServedAtOnceWithoutWaitingForTheInterval()
    {
        using var directory = await StartAsync();
        var admin = new TenantAdmin(_store, directory, _clock);

        var write = await admin.PutAsync("acme", """{"destinations":[{"name":"crm","url":"https://crm.example/in","eventTypes":["sale_complete"],"maxBatchSize":5}]}"""u8.ToArray());

        Assert.True(write.Outcome == TenantWriteOutcome.Created, string.Join("; ", write.Problems));
        var destination = Assert.Single(directory.DestinationsOf("acme"));
        Assert.Equal(("crm", 5), (destination.Name, destination.MaxBatchSize));
        Assert.Equal(T0, directory.RefreshedAt);
    }

    [Fact]
    public async Task DeleteAsync_ThroughTheAdmin_StopsServingTheTenantAtOnce()
    {
        await _store.PutAsync("acme", [Crm], T0);
        using var directory = await StartAsync();
        var admin = new TenantAdmin(_store, directory, _clock);

        var deleted = await admin.DeleteAsync("acme");

        Assert.True(deleted);
        Assert.Empty(directory.DestinationsOf("acme"));
    }

    [Fact]
    public async Task RefreshAsync_WhenAnOlderReadFinishesAfterANewerOne_KeepsTheNewerSnapshot()
    {
        await _store.PutAsync("acme", [Crm], T0);
        using var directory = await StartAsync();
        var release = new TaskCompletionSource();
        _store.HoldNextList = release.Task;
        var older = directory.RefreshAsync();
        await _store.PutAsync("acme", [Hooks], T0);

        await directory.RefreshAsync();
        release.SetResult();
        await older;

        Assert.Equal(["hooks"], Names(directory.DestinationsOf("acme")));
    }

    [Fact]
    public async Task ForwardedEventTypes_AreTheStoredTypesAtStartPlusTheConfiguredOnes_AndEditsDoNotChangeThem()
    {
        await _store.PutAsync("acme", [Crm, Hooks], T0);
        using var directory = await StartAsync(null, "user_created", "page_view");

        await _store.PutAsync("globex", [new Destination("x", "https://x.example", ["user_signin"])], T0);
        await directory.RefreshAsync();

        Assert.Equal(["page_view", "sale_complete", "user_created"], directory.ForwardedEventTypes);
        Assert.Equal(["page_view", "sale_complete", "user_created"], new PushDelivery(directory).Spec.Subscribes);
    }

    [Fact]
    public async Task Dispose_StopsTheRefreshes()
    {
        var directory = await StartAsync(TimeSpan.FromSeconds(5));
        var listsAtStart = _store.Lists;

        directory.Dispose();
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(listsAtStart, _store.Lists);
    }
}
