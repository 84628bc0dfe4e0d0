using MicroStreams.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MicroStreams.Functions;

/// <summary>
/// What <c>services.AddMicroStreams(configuration)</c> returns in a Functions app: register processors and effect
/// channels on it exactly as on the embedded host (the calls are the core <see cref="MicroStreamsBuilder"/>'s).
/// </summary>
public sealed class MicroStreamsFunctionsBuilder(IServiceCollection services) : MicroStreamsBuilder(services);
