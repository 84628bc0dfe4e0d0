using System.Text;
using System.Text.Json;
using MicroStreams.Effects;
using MicroStreams.Processors;

namespace MicroStreams.Embedded.Effects;

/// <summary>
/// Appends each effect as one JSON line to a file: the local stand-in for an email service in the demo and in
/// development. A redelivery after a crash appends the same id again; readers deduplicate by id.
/// </summary>
public sealed class FileSink(string channel, string path) : IEffectSink, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FileStream? _file;

    public string Channel { get; } = channel;

    public string Path { get; } = path;

    public async Task<DeliveryResult> DeliverAsync(Effect effect, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(new
        {
            id = effect.Id,
            processor = effect.Worker.Processor,
            key = effect.Worker.Key,
            channel = effect.Channel,
            target = effect.Target,
            createdAt = effect.CreatedAt,
            payload = JsonDocument.Parse(effect.Payload).RootElement,
        }, StateJson.Options) + "\n";
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _file ??= new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 64 * 1024, useAsync: false);
            _file.Write(Encoding.UTF8.GetBytes(line));
            await _file.FlushAsync(cancellationToken);
            return DeliveryResult.Delivered;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _file?.Dispose();
        _gate.Dispose();
    }
}
