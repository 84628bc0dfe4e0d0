using MicroStreams.Effects;
using MicroStreams.Processors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MicroStreams.Hosting;

/// <summary>
/// The registrations both hosts share: processors and effect senders go into the container as
/// <see cref="ProcessorRegistration"/> and <see cref="EffectChannelRegistration"/>, and a host reads them back through
/// <see cref="ProcessorCatalog"/>. Hosts derive from it to add their own calls.
/// </summary>
public class MicroStreamsBuilder : IMicroStreamsBuilder
{
    public MicroStreamsBuilder(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Services = services;
        services.TryAddSingleton<ProcessorCatalog>();
    }

    public IServiceCollection Services { get; }

    public IMicroStreamsBuilder AddProcessor<TProcessor>()
        where TProcessor : class, IProcessor
    {
        Services.TryAddSingleton<TProcessor>();
        Services.AddSingleton(new ProcessorRegistration(typeof(TProcessor), static sp => sp.GetRequiredService<TProcessor>()));
        return this;
    }

    public IMicroStreamsBuilder AddProcessor(Func<IServiceProvider, IProcessor> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.AddSingleton(new ProcessorRegistration(null, factory));
        return this;
    }

    public IMicroStreamsBuilder AddEffectChannel(string channel, Func<IServiceProvider, IEffectSender> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentNullException.ThrowIfNull(factory);
        Services.AddSingleton(new EffectChannelRegistration(channel, factory));
        return this;
    }
}
