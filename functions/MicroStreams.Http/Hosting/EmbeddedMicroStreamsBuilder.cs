using MicroStreams.Effects;
using MicroStreams.Embedded;
using MicroStreams.Hosting;
using MicroStreams.Processors;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MicroStreams.Http.Hosting;

/// <summary>
/// What <c>services.AddMicroStreams(configuration)</c> returns on the embedded runtime: the processors and effect
/// channels of every host, plus the embedded host's own choices (its clock, admin routes and dashboard pages that a
/// processor brings along).
/// </summary>
public sealed class EmbeddedMicroStreamsBuilder : MicroStreamsBuilder
{
    internal EmbeddedMicroStreamsBuilder(IServiceCollection services)
        : base(services)
    {
    }

    /// <inheritdoc cref="IMicroStreamsBuilder.AddProcessor{TProcessor}"/>
    public new EmbeddedMicroStreamsBuilder AddProcessor<TProcessor>()
        where TProcessor : class, IProcessor
    {
        base.AddProcessor<TProcessor>();
        return this;
    }

    /// <inheritdoc cref="IMicroStreamsBuilder.AddProcessor(Func{IServiceProvider, IProcessor})"/>
    public new EmbeddedMicroStreamsBuilder AddProcessor(Func<IServiceProvider, IProcessor> factory)
    {
        base.AddProcessor(factory);
        return this;
    }

    /// <inheritdoc cref="IMicroStreamsBuilder.AddEffectChannel"/>
    public new EmbeddedMicroStreamsBuilder AddEffectChannel(string channel, Func<IServiceProvider, IEffectSender> factory)
    {
        base.AddEffectChannel(channel, factory);
        return this;
    }

    /// <summary>Runs the runtime on <paramref name="time"/> instead of the system clock (a test's or a demo's manual clock).</summary>
    public EmbeddedMicroStreamsBuilder UseTimeProvider(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Services.Replace(ServiceDescriptor.Singleton(new RuntimeClock(time, null)));
        return this;
    }

    /// <summary>
    /// Runs the runtime on a simulated clock kept in the data folder (<c>clock.json</c>), moved by
    /// <c>POST /api/admin/clock/advance</c> with the admin key: at <paramref name="start"/> when given, else where it stopped.
    /// </summary>
    public EmbeddedMicroStreamsBuilder UseSimulatedClock(DateTimeOffset? start = null)
    {
        Services.Replace(ServiceDescriptor.Singleton(services =>
        {
            var clock = SimulatedClock.Open(services.GetRequiredService<IOptions<EmbeddedOptions>>().Value.DataPath, start, TimeProvider.System.GetUtcNow());
            return new RuntimeClock(clock.Time, clock);
        }));
        return this;
    }

    /// <summary>Adjusts the runtime's options after configuration is bound (tests shrink partitions; the demo drains by hand).</summary>
    public EmbeddedMicroStreamsBuilder ConfigureRuntime(Action<EmbeddedOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.PostConfigure(configure);
        return this;
    }

    /// <summary>
    /// Routes a processor brings along for its administration: <c>MapMicroStreams()</c> maps them beside the platform's,
    /// every one behind the admin key (401/403 problem documents without it) and in the OpenAPI document.
    /// </summary>
    public EmbeddedMicroStreamsBuilder AddAdminEndpoints(Action<IEndpointRouteBuilder> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        Services.AddSingleton(new AdminEndpoints(map));
        return this;
    }

    /// <summary>A page of the dashboard: a nav entry and a script that renders it (see <see cref="DashboardPage"/>).</summary>
    public EmbeddedMicroStreamsBuilder AddDashboardPage(DashboardPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        Services.AddSingleton(page);
        return this;
    }
}
