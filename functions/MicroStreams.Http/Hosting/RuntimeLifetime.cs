using MicroStreams.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MicroStreams.Http.Hosting;

/// <summary>
/// Opens the embedded runtime when the host starts (before Kestrel listens: the web server is the last hosted service)
/// and disposes it when the host stops (after Kestrel has stopped accepting requests), which finishes the current
/// batches and commits.
/// </summary>
internal sealed class RuntimeLifetime(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<EmbeddedRuntime>();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await services.GetRequiredService<EmbeddedRuntime>().DisposeAsync();
}
