using System.Text.Json;
using Grpc.Net.Client;
using MicroStreams.Functions.Configuration;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.DurableTask;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Azure.WebJobs.Host.Config;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroStreams.Functions.DurableHost.Tests.Hosting;

/// <summary>
/// The real Durable Functions extension (Microsoft.Azure.WebJobs.Extensions.DurableTask) in a WebJobs host, over
/// DurableTask.AzureStorage on Azurite, configured from the repository's <c>host.json</c> as the Functions host loads it
/// (under <c>AzureFunctionsJobHost</c>) and with <c>FUNCTIONS_WORKER_RUNTIME=dotnet-isolated</c>, which puts the
/// extension in its out-of-proc mode: its dispatch middleware hands each orchestration, entity and activity work item
/// to <see cref="ExtensionFunctions"/> and its local gRPC endpoint (127.0.0.1, a port the OS picks) serves the worker's
/// <see cref="DurableTaskClient"/>, exactly what the isolated worker gets from <c>[DurableClient]</c>.
/// </summary>
internal sealed class DurableExtensionHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly GrpcChannel _channel;

    private DurableExtensionHost(IHost host, GrpcChannel channel, DurableTaskClient client, HostLog log)
    {
        _host = host;
        _channel = channel;
        Client = client;
        Log = log;
    }

    public DurableTaskClient Client { get; }

    public HostLog Log { get; }

    public static async Task<DurableExtensionHost> StartAsync(IsolatedWorker worker, string storageConnection, string taskHub)
    {
        var log = new HostLog();
        var functions = new ExtensionFunctions(worker);
        var host = new HostBuilder()
            .ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(Settings(storageConnection, taskHub)))
            .ConfigureWebJobs(webJobs => webJobs.AddDurableTask())
            .ConfigureLogging(logging => logging.ClearProviders().AddProvider(log))
            .ConfigureServices(services => services
                .AddSingleton<ITypeLocator, ExtensionTypeLocator>()
                .AddSingleton<IJobActivator>(new ExtensionJobActivator(functions))
#pragma warning disable CS0618 // see LoopbackWebHookProvider
                .AddSingleton<IWebHookProvider, LoopbackWebHookProvider>())
#pragma warning restore CS0618
            .Build();
        await host.StartAsync();

        var jobHost = (JobHost)host.Services.GetRequiredService<IJobHost>();
        await jobHost.CallAsync(typeof(ExtensionFunctions).GetMethod(nameof(ExtensionFunctions.ClientEndpoint))!);
        using var payload = JsonDocument.Parse(functions.ClientJson ?? throw new InvalidOperationException("the [DurableClient] binding gave nothing"));
        var channel = GrpcChannel.ForAddress(payload.RootElement.GetProperty("rpcBaseUrl").GetString()!);
        var client = new GrpcDurableTaskClient(taskHub, new GrpcDurableTaskClientOptions { Channel = channel, EnableEntitySupport = true }, NullLogger.Instance);
        return new DurableExtensionHost(host, channel, client, log);
    }

    /// <summary>Stops the host as the platform does when it scales in or restarts: leases released, work left in the queues.</summary>
    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        _channel.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }

    private static Dictionary<string, string?> Settings(string storageConnection, string taskHub)
    {
        const string Root = "AzureFunctionsJobHost";
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsConfigurationSection"] = Root,
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            [SettingNames.Storage] = storageConnection,
            [SettingNames.TaskHubName] = taskHub,
        };
        var hostJson = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryRoot(), "host.json")).Build();
        foreach (var (key, value) in hostJson.AsEnumerable())
        {
            settings[$"{Root}:{key}"] = value;
        }

        // A test waits for work items: Azure Storage's idle queue polling backs off to 30 s by default, here to 1 s.
        settings[$"{Root}:extensions:durableTask:storageProvider:maxQueuePollingInterval"] = "00:00:01";
        return settings;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root (Serverless.sln) not found");
    }
}
