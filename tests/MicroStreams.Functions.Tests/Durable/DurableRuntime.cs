using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace MicroStreams.Functions.Tests.Durable;

/// <summary>
/// The real Durable Task runtime in-process (Microsoft.DurableTask.InProcessTestHost): the worker and client of the
/// isolated SDK over an in-memory orchestration service, through a gRPC sidecar on a free localhost port. It runs
/// orchestrations and activities with real replay; it does not run entities.
/// </summary>
internal static class DurableRuntime
{
    public static Task<DurableTaskTestHost> StartAsync(Action<DurableTaskRegistry> register) =>
        DurableTaskTestHost.StartAsync(register, new DurableTaskTestHostOptions { Port = FreePort() });

    /// <summary>Schedules an orchestration and waits for it to finish, its inputs and outputs kept.</summary>
    public static async Task<OrchestrationMetadata> RunAsync(this DurableTaskTestHost host, string name, object input, string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await host.Client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId), timeout.Token);
        var run = await host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{name} {instanceId}: {run.RuntimeStatus} {run.FailureDetails}");
        return run;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
