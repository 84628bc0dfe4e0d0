namespace MicroStreams.Processors;

/// <summary>Where a processor deployed for the first time starts reading: the retained history, or only new events.</summary>
public enum StartPosition
{
    /// <summary>Only events appended after the processor first runs (the default; the seeds' milestone relies on it).</summary>
    Now = 0,

    /// <summary>Backfill: the processor is built from the retained log by a replay before it goes live.</summary>
    Beginning = 1,
}
