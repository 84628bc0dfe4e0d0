using MicroStreams.Functions.Bindings;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Tests.Azurite;
using Microsoft.DurableTask.Client;

namespace MicroStreams.Functions.Tests.Durable;

/// <summary>
/// The WriteProjectionRows orchestration and its WriteProjections activity, as the app binds them, run by the real
/// Durable Task runtime into Table storage on a real Azurite.
/// </summary>
public sealed class ProjectionWritesOnRuntimeTests
{
    private readonly TableProjectionStore _store = new(new AzuriteTables().Client);

    private Task<Microsoft.DurableTask.Testing.DurableTaskTestHost> StartAsync()
    {
        var functions = new ProjectionWriteFunctions(_store, TimeProvider.System);
        return DurableRuntime.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<ProjectionWriteRequest>(nameof(ProjectionWriteFunctions.WriteProjectionRows), (context, _) => ProjectionWriteFunctions.WriteProjectionRows(context));
            registry.AddActivityFunc<ProjectionWriteRequest>(nameof(ProjectionWriteFunctions.WriteProjections), (_, request) => functions.WriteProjections(request, CancellationToken.None));
        });
    }

    [Fact]
    public async Task WriteProjectionRows_WhenATickStartsItTwiceWithAnOlderStampLast_LeavesTheNewerRows()
    {
        await using var host = await StartAsync();
        var newer = new ProjectionWriteRequest([new StampedChange("totals", "alice", """{"n":2}""", 0, 2), new StampedChange("totals", "bob", "{}", 0, 1)]);
        var older = new ProjectionWriteRequest([new StampedChange("totals", "alice", """{"n":1}""", 0, 1)]);

        var first = await host.RunAsync(nameof(ProjectionWriteFunctions.WriteProjectionRows), newer, "rows!alice!2");
        var second = await host.RunAsync(nameof(ProjectionWriteFunctions.WriteProjectionRows), older, "rows!alice!1");

        Assert.Equal((OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Completed), (first.RuntimeStatus, second.RuntimeStatus));
        Assert.Equal("""{"n":2}""", (await _store.GetAsync("totals", "alice"))?.Document);
        Assert.Equal(["alice", "bob"], (await _store.ScanAsync("totals", "", null, 10)).Rows.Select(r => r.Key));
    }
}
