using MicroStreams.Effects;

namespace MicroStreams.Hosting;

/// <summary>One <see cref="IMicroStreamsBuilder.AddEffectChannel"/> call, as the container holds it.</summary>
public sealed record EffectChannelRegistration(string Channel, Func<IServiceProvider, IEffectSender> Factory);
