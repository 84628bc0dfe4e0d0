using MicroStreams.Embedded;

namespace MicroStreams.Cli.Bench;

/// <summary>Our runtime's public ingest path: validate every event, then a group-committed append to the SQLite segment log.</summary>
public sealed class EmbeddedIngestTarget : IIngestTarget
{
    private readonly EmbeddedRuntime _runtime;

    public EmbeddedIngestTarget(string path, Durability durability)
    {
        Durability = durability.ToString();
        _runtime = EmbeddedRuntime.Start(new EmbeddedOptions { DataPath = path, Durability = durability, RunBackground = false }, [], []);
    }

    public string Name => "embedded";

    public string Durability { get; }

    public string? Note => "IngestAsync: validation + dedupe + group commit";

    public async Task AppendAsync(ReadOnlyMemory<byte>[] batch, int[] partitions, CancellationToken cancellationToken)
    {
        var result = await _runtime.IngestAsync(batch, cancellationToken);
        if (!result.Accepted)
        {
            throw new InvalidOperationException($"the bench corpus was rejected: {result.Rejections[0].Rejection}");
        }
    }

    public ValueTask DisposeAsync() => _runtime.DisposeAsync();
}
