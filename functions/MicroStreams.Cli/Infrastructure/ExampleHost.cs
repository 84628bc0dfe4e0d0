using MicroStreams.Embedded;
using MicroStreams.Examples.Embedded;
using MicroStreams.Http.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MicroStreams.Cli.Infrastructure;

/// <summary>
/// The examples on the embedded runtime without a web server, registered as an app registers them
/// (<c>AddMicroStreams(...).AddExampleProcessors()</c>): demo, replay and export open their runtime through it.
/// Disposing it stops the runtime (finishing batches and committing) and closes what the examples opened.
/// </summary>
internal sealed class ExampleHost(ServiceProvider services) : IAsyncDisposable
{
    public IServiceProvider Services => services;

    /// <summary>The runtime, opened on first use.</summary>
    public EmbeddedRuntime Runtime => services.GetRequiredService<EmbeddedRuntime>();

    public static ExampleHost Create(IConfiguration configuration, Action<EmbeddedMicroStreamsBuilder> configure)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton(configuration);
        configure(collection.AddMicroStreams(configuration).AddExampleProcessors());
        return new ExampleHost(collection.BuildServiceProvider());
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
