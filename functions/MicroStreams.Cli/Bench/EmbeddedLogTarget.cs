using MicroStreams.Embedded;
using MicroStreams.Embedded.Log;

namespace MicroStreams.Cli.Bench;

/// <summary>
/// A breakdown line for W1: the runtime's log alone (<see cref="EventLog.AppendAsync"/>), skipping validation and
/// dedupe, so the difference to the full ingest path shows what parsing and dedupe cost.
/// </summary>
public sealed class EmbeddedLogTarget : IIngestTarget
{
    private readonly EmbeddedRuntime _runtime;

    public EmbeddedLogTarget(string path, Durability durability)
    {
        Durability = durability.ToString();
        _runtime = EmbeddedRuntime.Start(new EmbeddedOptions { DataPath = path, Durability = durability, RunBackground = false }, [], []);
    }

    public string Name => "embedded-log-only";

    public string Durability { get; }

    public string? Note => "breakdown: EventLog.AppendAsync without validation or dedupe";

    public Task AppendAsync(ReadOnlyMemory<byte>[] batch, int[] partitions, CancellationToken cancellationToken)
    {
        var items = new AppendItem[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            items[i] = new AppendItem(partitions[i], null, batch[i]);
        }

        return _runtime.Log.AppendAsync(items, cancellationToken);
    }

    public ValueTask DisposeAsync() => _runtime.DisposeAsync();
}
