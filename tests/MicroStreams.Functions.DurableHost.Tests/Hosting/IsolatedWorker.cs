using System.Collections.Concurrent;
using MicroStreams.Effects;
using MicroStreams.Functions.Configuration;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Tests.Fakes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json.Linq;

namespace MicroStreams.Functions.DurableHost.Tests.Hosting;

/// <summary>
/// The isolated worker's side of the app: the library's real composition (<c>AddMicroStreams</c> over the app settings,
/// the counter processor, an <c>email</c> channel that records what it is given), and the entry points the worker's
/// Durable extension calls with the host's encoded requests: <see cref="GrpcOrchestrationRunner.LoadAndRun(string, ITaskOrchestrator, IServiceProvider?)"/>
/// for orchestrations, <see cref="GrpcEntityRunner.LoadAndRunAsync(string, ITaskEntity, IServiceProvider?)"/> for entities
/// (the entity made as <c>TaskEntityDispatcher.DispatchAsync&lt;T&gt;</c> makes it, from the container), and the
/// activity binding's JSON conversion.
/// </summary>
internal sealed class IsolatedWorker : IDisposable
{
    private readonly ServiceProvider _services;

    public IsolatedWorker(string storageConnection, string deadLetterContainer, string tablePrefix)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.Storage] = storageConnection,
            [SettingNames.DeadLetterContainer] = deadLetterContainer,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMicroStreams(configuration)
            .AddProcessor<CounterProcessor>()
            .AddEffectChannel(Emails.Channel, _ => Emails);

        // The tables of this test only (the Azurite is shared): the store the library registers, its table names prefixed.
        services.AddSingleton(sp => new TableProjectionStore(name => sp.GetRequiredService<Azure.Data.Tables.TableServiceClient>().GetTableClient(tablePrefix + name)));

        // What the worker's Durable extension configures: entity support on, the SDK's JSON data converter.
        services.AddSingleton(new DurableTaskShimFactory(new DurableTaskWorkerOptions { EnableEntitySupport = true }, NullLoggerFactory.Instance));
        _services = services.BuildServiceProvider();
    }

    public RecordingChannel Emails { get; } = new("email");

    /// <summary>Stands in for Event Hubs' partition properties (the last enqueued sequence), which nothing here serves.</summary>
    public ConcurrentDictionary<int, long> PartitionEnds { get; } = new();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(_services);

    /// <summary>An orchestration function; the input type is named because the SDK's shim hands <c>GetInput&lt;T&gt;</c> the input it deserialized as that type.</summary>
    public string Orchestrate<TInput, TOutput>(string request, Func<TaskOrchestrationContext, Task<TOutput>> orchestrator) =>
        GrpcOrchestrationRunner.LoadAndRun(request, FuncTaskOrchestrator.Create<TInput, TOutput>((context, _) => orchestrator(context)), _services);

    public string Orchestrate<TInput>(string request, Func<TaskOrchestrationContext, Task> orchestrator) =>
        Orchestrate<TInput, object?>(request, async context =>
        {
            await orchestrator(context);
            return null;
        });

    public Task<string> DispatchAsync<TEntity>(string request)
        where TEntity : ITaskEntity =>
        GrpcEntityRunner.LoadAndRunAsync(request, Create<TEntity>(), _services);

    /// <summary>An activity as the worker's binding runs it: the host's raw JSON input converted to the parameter type, the result back to JSON.</summary>
    public static async Task<object?> ActivityAsync<TInput, TOutput>(string input, Func<TInput, Task<TOutput>> activity)
    {
        var output = await activity(Converter.Deserialize<TInput>(input)!);
        return output is null ? null : new JRaw(Converter.Serialize(output));
    }

    public static Task<object?> ActivityAsync<TInput>(string input, Func<TInput, Task> activity) =>
        ActivityAsync<TInput, object?>(input, async value =>
        {
            await activity(value);
            return null;
        });

    public void Dispose() => _services.Dispose();

    /// <summary>The converter of the shim factory above (the SDK's default), so activities and orchestrations agree.</summary>
    private static DataConverter Converter { get; } = new DurableTaskWorkerOptions().DataConverter;
}
