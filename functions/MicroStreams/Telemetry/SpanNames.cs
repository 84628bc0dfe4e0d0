namespace MicroStreams.Telemetry;

/// <summary>The names of MicroStreams spans, the same on every host (docs/telemetry.md).</summary>
public static class SpanNames
{
    public const string Ingest = "ingest";
    public const string Append = "append";
    public const string Consume = "consume";
    public const string Route = "route";
    public const string Step = "step";
    public const string Deliver = "deliver";
    public const string Timer = "timer";
    public const string Redrive = "redrive";
    public const string Replay = "replay";
    public const string ReplayBatch = "replay.batch";
}
