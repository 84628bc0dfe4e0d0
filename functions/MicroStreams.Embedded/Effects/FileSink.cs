using System.Text;
using System.Text.Json;
using MicroStreams.Effects;
using MicroStreams.Processors;

namespace MicroStreams.Embedded.Effects;

/// <summary>
/// Appends each effect as one JSON line to a file: the local stand-in for an email service in the demo and in
/// development. A redelivery after a crash appends the same id again; readers deduplicate by id.
/// </summary>
public sealed class FileSink(string channel, string path) : IEffectSender, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Microsoft.Win32.SafeHandles.SafeFileHandle? _file;

    public string Channel { get; } = channel;

    public string Path { get; } = path;

    public async Task<EffectDeliveryResult> SendAsync(Effect effect, CancellationToken cancellationToken)
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
            _file ??= File.OpenHandle(Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
            var length = RandomAccess.GetLength(_file);
            try
            {
                RandomAccess.Write(_file, Encoding.UTF8.GetBytes(line), length);
            }
            catch (IOException ex)
            {
                // A full disk may have taken part of the line: cut it off, so the file only ever holds whole lines.
                RandomAccess.SetLength(_file, length);
                return EffectDeliveryResult.Retry($"could not append to {Path}: {ex.Message}");
            }

            return EffectDeliveryResult.Delivered;
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
