using MicroStreams.Effects;
using MicroStreams.Embedded;
using MicroStreams.Embedded.Inspection;
using MicroStreams.Hosting;
using MicroStreams.Http.Auth;
using MicroStreams.Http.Hosting;
using MicroStreams.Http.Metrics;
using MicroStreams.Http.OpenApi;
using MicroStreams.Http.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Hosts MicroStreams on the embedded runtime inside an ASP.NET Core app; <c>app.MapMicroStreams()</c> adds its HTTP API and dashboard.</summary>
public static class MicroStreamsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded runtime (started and stopped with the host), the HTTP API's services and the <c>webhook</c>
    /// channel. Options come from the <c>MicroStreams</c> section (<c>MicroStreams:Http</c> for keys and limits,
    /// <c>MicroStreams:Telemetry</c> for export) and are validated when the host starts. Without configured keys, a
    /// function key and an admin key are generated into <c>keys.json</c> in the data folder.
    /// </summary>
    public static EmbeddedMicroStreamsBuilder AddMicroStreams(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var meterScope = new object();
        services.AddOptions<EmbeddedOptions>().Bind(configuration.GetSection(EmbeddedOptions.SectionName))
            .PostConfigure(options => options.MeterScope ??= meterScope).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmbeddedOptions>>(new SettingsValidator<EmbeddedOptions>(EmbeddedOptions.SectionName, o => o.Validate()));
        services.AddOptions<HttpOptions>().Bind(configuration.GetSection(HttpOptions.SectionName))
            .PostConfigure<IOptions<EmbeddedOptions>>(GenerateMissingKeys).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpOptions>>(new SettingsValidator<HttpOptions>(HttpOptions.SectionName, o => o.Validate()));
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>>(new SettingsValidator<TelemetryOptions>(TelemetryOptions.SectionName, o => o.Validate()));

        // The exporters are chosen now; a bad endpoint still stops the host at start (validated above).
        var telemetry = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        ServeTelemetry.Add(services, telemetry, meterScope);

        services.TryAddSingleton(new RuntimeClock(TimeProvider.System, null));
        services.TryAddSingleton(services => Open(services));
        services.AddHostedService<RuntimeLifetime>();
        services.TryAddSingleton(services =>
        {
            var runtime = services.GetRequiredService<EmbeddedRuntime>();
            return RecentEventIndex.Open(runtime.Options.DataPath, runtime.Log, runtime.Router);
        });
        services.TryAddSingleton(services => new ServeMetrics(services.GetRequiredService<EmbeddedRuntime>()));
        services.TryAddSingleton(services =>
        {
            var http = services.GetRequiredService<IOptions<HttpOptions>>().Value;
            var runtime = services.GetRequiredService<EmbeddedRuntime>();
            return new ServeContext(runtime, http, new ApiKeys(http.FunctionKey!, http.AdminKey!), services.GetRequiredService<ServeMetrics>(),
                new MeterSnapshot(runtime.Options.MeterScope!), services.GetRequiredService<RuntimeClock>().Simulated);
        });
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        OpenApiDocument.Add(services);
        services.AddHttpClient(WebhookSender.ChannelName, http => http.Timeout = TimeSpan.FromSeconds(10));

        var builder = new EmbeddedMicroStreamsBuilder(services);
        builder.AddEffectChannel(WebhookSender.ChannelName, services => new WebhookSender(services.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookSender.ChannelName)));
        return builder;
    }

    private static EmbeddedRuntime Open(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EmbeddedOptions>>().Value;
        DataFolder.RequireWritable(options.DataPath);
        var catalog = services.GetRequiredService<ProcessorCatalog>();
        return EmbeddedRuntime.Start(options, catalog.Processors, catalog.Senders.Values, services.GetRequiredService<RuntimeClock>().Time, services.GetService<ILoggerFactory>());
    }

    private static void GenerateMissingKeys(HttpOptions http, IOptions<EmbeddedOptions> embedded)
    {
        if (string.IsNullOrWhiteSpace(http.FunctionKey) || string.IsNullOrWhiteSpace(http.AdminKey))
        {
            var generated = LocalKeys.LoadOrCreate(embedded.Value.DataPath);
            http.FunctionKey ??= generated.FunctionKey;
            http.AdminKey ??= generated.AdminKey;
        }
    }
}
