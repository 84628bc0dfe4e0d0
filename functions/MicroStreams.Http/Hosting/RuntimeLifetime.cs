using MicroStreams.Embedded;
using MicroStreams.Http.Inspection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MicroStreams.Http.Hosting;

/// <summary>
/// Opens the embedded runtime when the host starts (before Kestrel listens: the web server is the last hosted service)
/// and disposes it when the host stops (after Kestrel has stopped accepting requests), which finishes the current
/// batches and commits. The worker timelines' indexer runs between the two. Nothing is opened when the host is built:
/// the host validates the options first.
/// </summary>
internal sealed class RuntimeLifetime(IServiceProvider services) : IHostedService, IDisposable
{
    private EmbeddedRuntime? _runtime;
    private RecentEventIndexer? _indexer;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _runtime = services.GetRequiredService<EmbeddedRuntime>();
        _indexer = ActivatorUtilities.CreateInstance<RecentEventIndexer>(services);
        await _indexer.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _indexer, null) is { } indexer)
        {
            await indexer.StopAsync(cancellationToken);
            indexer.Dispose();
        }

        if (Interlocked.Exchange(ref _runtime, null) is { } runtime)
        {
            await runtime.DisposeAsync();
        }
    }

    /// <summary>A host disposed without being stopped: the container disposes the runtime; the indexer stops here.</summary>
    public void Dispose() => Interlocked.Exchange(ref _indexer, null)?.Dispose();
}
