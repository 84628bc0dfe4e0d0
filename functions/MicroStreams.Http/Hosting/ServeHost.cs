using MicroStreams.Embedded;
using MicroStreams.Embedded.Effects;
using MicroStreams.Embedded.Inspection;
using MicroStreams.Embedded.Tenants;
using MicroStreams.Examples;
using MicroStreams.Examples.Tenants;
using MicroStreams.Http.Auth;
using MicroStreams.Http.Inspection;
using MicroStreams.Http.Metrics;
using MicroStreams.Http.Telemetry;
using MicroStreams.Time;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MicroStreams.Http.OpenApi;

namespace MicroStreams.Http.Hosting;

/// <summary>
/// <c>microstreams serve</c>: the embedded runtime with the example processors behind Kestrel, on 127.0.0.1:7071 by
/// default. Stopping it stops accepting requests, lets in-flight ones finish, then disposes the runtime, which
/// finishes the current batches and commits.
/// </summary>
public static class ServeHost
{
    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (Ctrl+C) or the host is told to stop.</summary>
    public static async Task<int> RunAsync(ServeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var output = options.Output;
        var instance = await StartAsync(options, cancellationToken);
        try
        {
            await output.WriteLineAsync($"microstreams serve: listening on {instance.BaseAddress} (data in {Path.GetFullPath(options.DataPath)})");
            await output.WriteLineAsync(instance.KeysFile is { } file
                ? $"  keys: {file} (functionKey for x-functions-key or ?code=, adminKey for admin routes)"
                : "  keys: from configuration (MicroStreams:Http:FunctionKey / AdminKey)");
            await output.WriteLineAsync($"  dashboard: {Dashboard.DashboardLink.For(instance)}   API: {new Uri(instance.BaseAddress, "/api/openapi.json")}");
            if (instance.Context.Clock is not null)
            {
                await output.WriteLineAsync($"  simulated clock at {instance.Context.Clock.Time.GetUtcNow():O}: POST /api/admin/clock/advance?by=P7D with the admin key");
            }

            await output.WriteLineAsync("  Ctrl+C to stop.");
            await instance.App.WaitForShutdownAsync(cancellationToken);
            await output.WriteLineAsync("microstreams serve: stopping (finishing batches and committing)");
        }
        finally
        {
            await instance.DisposeAsync();
        }

        await output.WriteLineAsync("microstreams serve: stopped; everything acknowledged is committed");
        return 0;
    }

    /// <summary>Builds and starts the server; the caller disposes the returned instance to stop it.</summary>
    public static async Task<ServeInstance> StartAsync(ServeOptions options, CancellationToken cancellationToken = default)
    {
        var (app, keysFile) = await BuildAsync(options, cancellationToken);
        try
        {
            var context = app.Services.GetRequiredService<ServeContext>();
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new ServeInstance(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)), context, keysFile);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static async Task<(WebApplication App, string? KeysFile)> BuildAsync(ServeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        DataFolder.RequireWritable(options.DataPath);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(options.Settings);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("System.Net.Http", LogLevel.Warning);

        var http = new HttpOptions();
        builder.Configuration.GetSection(HttpOptions.SectionName).Bind(http);
        string? keysFile = null;
        if (string.IsNullOrWhiteSpace(http.FunctionKey) || string.IsNullOrWhiteSpace(http.AdminKey))
        {
            var generated = LocalKeys.LoadOrCreate(options.DataPath);
            http.FunctionKey ??= generated.FunctionKey;
            http.AdminKey ??= generated.AdminKey;
            keysFile = Path.GetFullPath(Path.Combine(options.DataPath, LocalKeys.FileName));
        }

        http.Validate();
        builder.WebHost.UseUrls(options.Urls ?? $"http://127.0.0.1:{options.Port}");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = http.MaxRequestBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(15));

        var embedded = new EmbeddedOptions();
        builder.Configuration.GetSection(EmbeddedOptions.SectionName).Bind(embedded);
        embedded.DataPath = options.DataPath;
        embedded.RunBackground = true;
        var meterScope = new object();
        embedded.MeterScope = meterScope;
        options.ConfigureRuntime?.Invoke(embedded);
        var telemetry = new TelemetryOptions();
        builder.Configuration.GetSection(TelemetryOptions.SectionName).Bind(telemetry);
        ServeTelemetry.Add(builder.Services, telemetry, meterScope);

        var clock = options.SimulatedClock ? SimulatedClock.Open(options.DataPath, options.SimulatedStart, TimeProvider.System.GetUtcNow()) : null;
        var time = (TimeProvider?)clock?.Time ?? TimeProvider.System;
        await AddTenantsAsync(builder, embedded, time, cancellationToken);
        builder.Services.AddSingleton(_ => new HttpClient { Timeout = TimeSpan.FromSeconds(10) });
        builder.Services.AddSingleton(_ => new FileSink("email", Path.Combine(options.DataPath, "emails.jsonl")));
        builder.Services.AddSingleton(services => EmbeddedRuntime.Start(
            embedded,
            ExampleProcessors.All(services.GetRequiredService<RefreshingTenantDirectory>()),
            [services.GetRequiredService<FileSink>(), new WebhookSink(services.GetRequiredService<HttpClient>())],
            time));
        builder.Services.AddSingleton(services =>
        {
            var runtime = services.GetRequiredService<EmbeddedRuntime>();
            return RecentEventIndex.Open(options.DataPath, runtime.Log, runtime.Router);
        });
        builder.Services.AddHostedService<RecentEventIndexer>();
        builder.Services.AddSingleton(services => new ServeMetrics(services.GetRequiredService<EmbeddedRuntime>()));
        builder.Services.AddSingleton(services => new ServeContext(
            services.GetRequiredService<EmbeddedRuntime>(), http, new ApiKeys(http.FunctionKey!, http.AdminKey!),
            services.GetRequiredService<ServeMetrics>(), new MeterSnapshot(meterScope), clock));

        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        OpenApiDocument.Add(builder.Services);
        var app = builder.Build();
        app.UseMicroStreamsProblems();
        app.MapMicroStreams();
        return (app, keysFile);
    }

    /// <summary>
    /// The tenant store in <c>state.db</c> (seeded from <c>MicroStreams:Tenants</c> when empty) and the refreshing
    /// directory over it, read before the runtime is built because the push processor's subscriptions come from it.
    /// The container disposes them after the runtime, which it built later.
    /// </summary>
    private static async Task AddTenantsAsync(WebApplicationBuilder builder, EmbeddedOptions embedded, TimeProvider time, CancellationToken cancellationToken)
    {
        var directoryOptions = new TenantDirectoryOptions();
        builder.Configuration.GetSection(TenantDirectoryOptions.SectionName).Bind(directoryOptions);
        directoryOptions.Validate();
        var store = SqliteTenantStore.Open(embedded.DataPath, embedded.StateDurability);
        IReadOnlyList<TenantDestinations> initial;
        try
        {
            await TenantSeed.SeedIfEmptyAsync(store, TenantSettings.Read(builder.Configuration), time.GetUtcNow(), cancellationToken);
            initial = await store.ListAsync(cancellationToken);
        }
        catch
        {
            store.Dispose();
            throw;
        }

        builder.Services.AddSingleton(_ => store);
        builder.Services.AddSingleton<ITenantStore>(services => services.GetRequiredService<SqliteTenantStore>());
        builder.Services.AddSingleton(services => new RefreshingTenantDirectory(
            services.GetRequiredService<ITenantStore>(), initial, directoryOptions, time, services.GetRequiredService<ILoggerFactory>().CreateLogger("MicroStreams.Tenants")));
        builder.Services.AddSingleton(services => new TenantAdmin(services.GetRequiredService<ITenantStore>(), services.GetRequiredService<RefreshingTenantDirectory>(), time));
    }
}
