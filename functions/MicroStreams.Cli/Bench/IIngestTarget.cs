namespace MicroStreams.Cli.Bench;

/// <summary>Something W1 appends batches to durably: our runtime or a peer. Concurrent calls are allowed.</summary>
public interface IIngestTarget : IAsyncDisposable
{
    string Name { get; }

    string Durability { get; }

    string? Note { get; }

    /// <summary>Appends one batch; completes once it is durable as the target's durability says.</summary>
    Task AppendAsync(ReadOnlyMemory<byte>[] batch, int[] partitions, CancellationToken cancellationToken);
}
