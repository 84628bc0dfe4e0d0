using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MicroStreams.Cli.Bench;

/// <summary>
/// The upper bound (docs/benchmark-spec.md): length-prefixed records appended to one file with FileStream and an
/// fdatasync per batch, batches serialized by a lock. No validation, no index, no partitions.
/// </summary>
public sealed class RawFileTarget(string path) : IIngestTarget
{
    private readonly FileStream _file = new(Path.Combine(path, "raw.log"), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
    private readonly Lock _gate = new();
    private byte[] _scratch = new byte[1 << 18];

    public string Name => "rawfile";

    public string Durability => "fdatasync/batch";

    public string? Note => "peer: upper bound, no validation or index";

    public Task AppendAsync(ReadOnlyMemory<byte>[] batch, int[] partitions, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var length = 0;
            foreach (var record in batch)
            {
                length += 4 + record.Length;
            }

            if (_scratch.Length < length)
            {
                _scratch = new byte[length * 2];
            }

            var offset = 0;
            foreach (var record in batch)
            {
                BinaryPrimitives.WriteInt32LittleEndian(_scratch.AsSpan(offset), record.Length);
                record.Span.CopyTo(_scratch.AsSpan(offset + 4));
                offset += 4 + record.Length;
            }

            _file.Write(_scratch, 0, length);
            _file.Flush(flushToDisk: false);
            Sync();
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    private void Sync()
    {
        if (OperatingSystem.IsLinux() && FdataSync((int)_file.SafeFileHandle.DangerousGetHandle()) == 0)
        {
            return;
        }

        _file.Flush(flushToDisk: true);
    }

    [DllImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int FdataSync(int fd);
}
