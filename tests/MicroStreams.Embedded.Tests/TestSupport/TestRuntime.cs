using MicroStreams.Embedded.Log;
using MicroStreams.Processors;
using MicroStreams.Time;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Tests.TestSupport;

/// <summary>
/// An embedded runtime on a temporary data folder, driven by hand: a manual clock, no background loops, and
/// recording sinks for the <c>email</c>, <c>webhook</c> and <c>test</c> channels. Restart reopens the same folder.
/// </summary>
internal sealed class TestRuntime : IAsyncDisposable
{
    private IReadOnlyList<IProcessor> _processors;
    private readonly Action<EmbeddedOptions>? _configure;

    private TestRuntime(IReadOnlyList<IProcessor> processors, Action<EmbeddedOptions>? configure, DateTimeOffset start)
    {
        _processors = processors;
        _configure = configure;
        DataPath = Path.Combine(Path.GetTempPath(), "microstreams-tests", Guid.NewGuid().ToString("N"));
        Clock = new ManualTimeProvider(start);
        Email = new RecordingSink("email", Clock);
        Webhook = new RecordingSink("webhook", Clock);
        Test = new RecordingSink("test", Clock);
        Runtime = Open();
    }

    public string DataPath { get; }
    public ManualTimeProvider Clock { get; }
    public RecordingSink Email { get; }
    public RecordingSink Webhook { get; }
    public RecordingSink Test { get; }
    public EmbeddedRuntime Runtime { get; private set; }

    public static TestRuntime Start(IReadOnlyList<IProcessor> processors, Action<EmbeddedOptions>? configure = null, DateTimeOffset? start = null) =>
        new(processors, configure, start ?? Ce.T0);

    public EmbeddedOptions Options()
    {
        var options = new EmbeddedOptions
        {
            DataPath = DataPath,
            Partitions = 4,
            Durability = Durability.Normal,
            RunBackground = false,
            DedupeWindow = 10_000,
        };
        _configure?.Invoke(options);
        return options;
    }

    public async Task RestartAsync()
    {
        await Runtime.DisposeAsync();
        Runtime = Open();
    }

    /// <summary>Restarts with other processors (a new deployment: added processors, new versions).</summary>
    public async Task RestartAsync(IReadOnlyList<IProcessor> processors)
    {
        _processors = processors;
        await RestartAsync();
    }

    public async Task<AppendReceipt> IngestAsync(params ReadOnlyMemory<byte>[] events)
    {
        var result = await Runtime.IngestAsync(events);
        Assert.True(result.Accepted, string.Join("; ", result.Rejections.Select(r => $"{r.Index}: {r.Rejection}")));
        return result.Receipt!;
    }

    public async Task AdvanceAndDrainAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await DrainAsync();
    }

    /// <summary>
    /// Drains, failing the test if work is still left after <see cref="DrainBound"/> rather than hanging: a drain never
    /// ends when due work keeps coming back due at once (a retry backoff of zero, a timer re-armed for now).
    /// </summary>
    public async Task DrainAsync()
    {
        using var bound = new CancellationTokenSource(DrainBound);
        try
        {
            await Runtime.DrainAsync(bound.Token).WaitAsync(bound.Token);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            Assert.Fail($"the runtime still had work due after draining for {DrainBound.TotalSeconds:0} s: something due now keeps coming back due now");
        }
    }

    /// <summary>Far above any drain of a test's few events, even on a loaded machine; not a measure of speed.</summary>
    public static TimeSpan DrainBound { get; } = TimeSpan.FromMinutes(2);

    public Task<WorkerView?> WorkerAsync(string processor, string key) => Runtime.GetWorkerAsync(new WorkerId(processor, key));

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private EmbeddedRuntime Open() => EmbeddedRuntime.Start(Options(), _processors, [Email, Webhook, Test], Clock);
}
