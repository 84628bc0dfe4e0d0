using MicroStreams.Processors;

namespace MicroStreams.Hosting;

/// <summary>One <see cref="IMicroStreamsBuilder.AddProcessor{TProcessor}"/> call, as the container holds it.</summary>
public sealed record ProcessorRegistration(Type? ProcessorType, Func<IServiceProvider, IProcessor> Factory);
