using MicroStreams.Effects;
using MicroStreams.Processors;
using Microsoft.Extensions.DependencyInjection;

namespace MicroStreams.Hosting;

/// <summary>
/// What a host's <c>AddMicroStreams(...)</c> returns: register your processors and effect channels on it. The same
/// calls work on the embedded runtime and in the Azure Functions app.
/// </summary>
public interface IMicroStreamsBuilder
{
    IServiceCollection Services { get; }

    /// <summary>Registers a processor built by the container (constructor injection works).</summary>
    IMicroStreamsBuilder AddProcessor<TProcessor>()
        where TProcessor : class, IProcessor;

    /// <summary>Registers a processor built by <paramref name="factory"/> when the host starts.</summary>
    IMicroStreamsBuilder AddProcessor(Func<IServiceProvider, IProcessor> factory);

    /// <summary>Registers the sender of one effect channel (an email API, a queue); a later registration of the same channel replaces an earlier one.</summary>
    IMicroStreamsBuilder AddEffectChannel(string channel, Func<IServiceProvider, IEffectSender> factory);
}
