using MicroStreams.Embedded;
using MicroStreams.Http.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MicroStreams.Http.Hosting;

/// <summary>
/// <c>microstreams serve</c>: the embedded runtime behind Kestrel, on 127.0.0.1:7071 by default, with the processors
/// <see cref="ServeOptions.Register"/> adds (the CLI registers the examples, as any app would with <c>AddMicroStreams</c>).
/// Stopping it stops accepting requests, lets in-flight ones finish, then disposes the runtime, which finishes the
/// current batches and commits.
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
        var (app, keysFile) = Build(options, cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken);
            var context = app.Services.GetRequiredService<ServeContext>();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new ServeInstance(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)), context, keysFile);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static (WebApplication App, string? KeysFile) Build(ServeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        DataFolder.RequireWritable(options.DataPath);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(options.Settings);
        builder.Configuration.AddInMemoryCollection([new(EmbeddedOptions.SectionName + ":" + nameof(EmbeddedOptions.DataPath), options.DataPath)]);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("System.Net.Http", LogLevel.Warning);
        var keysConfigured = !string.IsNullOrWhiteSpace(builder.Configuration[HttpOptions.SectionName + ":" + nameof(HttpOptions.FunctionKey)])
            && !string.IsNullOrWhiteSpace(builder.Configuration[HttpOptions.SectionName + ":" + nameof(HttpOptions.AdminKey)]);

        builder.WebHost.UseUrls(options.Urls ?? $"http://127.0.0.1:{options.Port}");
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpOptions>>((kestrel, http) =>
        {
            kestrel.Limits.MaxRequestBodySize = http.Value.MaxRequestBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(15));

        var microStreams = builder.Services.AddMicroStreams(builder.Configuration)
            .ConfigureRuntime(embedded => embedded.RunBackground = true);
        if (options.ConfigureRuntime is { } configure)
        {
            microStreams.ConfigureRuntime(configure);
        }

        if (options.SimulatedClock)
        {
            microStreams.UseSimulatedClock(options.SimulatedStart);
        }

        options.Register?.Invoke(microStreams);
        var app = builder.Build();
        app.UseMicroStreamsProblems();
        app.MapMicroStreams();
        return (app, keysConfigured ? null : Path.GetFullPath(Path.Combine(options.DataPath, LocalKeys.FileName)));
    }
}
