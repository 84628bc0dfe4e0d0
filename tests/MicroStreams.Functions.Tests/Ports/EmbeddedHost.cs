using MicroStreams.Embedded;
using MicroStreams.Effects;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Time;

namespace MicroStreams.Functions.Tests.Ports;

/// <summary>An embedded runtime on a temporary data folder with the counter processor, driven by hand (no background consumers).</summary>
internal sealed class EmbeddedHost : IAsyncDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "microstreams-ports", Guid.NewGuid().ToString("N"));

    public EmbeddedHost()
    {
        Clock = new ManualTimeProvider(Fakes.Events.T0);
        Runtime = EmbeddedRuntime.Start(
            new EmbeddedOptions { DataPath = Folder, Partitions = 1, Durability = Durability.Normal, RunBackground = false },
            [new CounterProcessor()], [new DroppingSink("email")], Clock);
    }

    public ManualTimeProvider Clock { get; }

    public EmbeddedRuntime Runtime { get; }

    /// <summary>Appends CloudEvents and applies them.</summary>
    public async Task ApplyAsync(params string[] events)
    {
        var result = await Runtime.IngestAsync([.. events.Select(e => (ReadOnlyMemory<byte>)System.Text.Encoding.UTF8.GetBytes(e))]);
        Assert.True(result.Accepted);
        await Runtime.DrainAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private sealed class DroppingSink(string channel) : IEffectSender
    {
        public string Channel => channel;

        public Task<EffectDeliveryResult> SendAsync(Effect effect, CancellationToken cancellationToken) => Task.FromResult(EffectDeliveryResult.Delivered);
    }
}
