using System.Text.Json;
using MicroStreams.Effects;

namespace MicroStreams.Embedded.Effects;

/// <summary>
/// Appends each effect as one JSON line to a file: the local stand-in for an email service in the demo and in
/// development. A redelivery after a crash appends the same id again; readers deduplicate by id.
/// </summary>
public sealed class FileSink(string channel, string path) : IEffectSink, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

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
        }) + "\n";
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(Path, line, cancellationToken);
            return DeliveryResult.Delivered;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
