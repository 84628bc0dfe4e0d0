using System.Buffers;
using System.Text;
using System.Text.Json;
using MicroStreams.Processors;
using MicroStreams.Workers;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Replay;

/// <summary>How replays are stored in <c>state.db</c> and shown: camelCase JSON with enums as strings.</summary>
public static class ReplayJson
{
    public static string Write(ReplayView view) => JsonSerializer.Serialize(view, ReplayJsonOptions.Default);

    public static ReplayView Read(string json) => JsonSerializer.Deserialize<ReplayView>(json, ReplayJsonOptions.Default) ?? throw new JsonException("replay record is null");

    /// <summary>A worker's record as compared by shadows and the determinism check: everything but its generation, as JSON text.</summary>
    internal static string StateOf(Worker worker, IProcessor processor)
    {
        var generation = worker.Generation;
        worker.Generation = 0;
        try
        {
            return Encoding.UTF8.GetString(State.WorkerCodec.Encode(worker, processor));
        }
        finally
        {
            worker.Generation = generation;
        }
    }
}
