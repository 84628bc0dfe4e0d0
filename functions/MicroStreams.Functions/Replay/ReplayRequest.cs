namespace MicroStreams.Functions.Replay;

/// <summary>
/// What to replay, in the JSON shape of the embedded host's <c>POST /api/replays</c> body: a processor rebuilt into a new
/// generation from the archive, or (<see cref="Shadow"/>) its registered shadow variant (else its own code, a determinism
/// check) run beside the live generation and compared, delivering nothing.
/// </summary>
public sealed record ReplayRequest(string Processor)
{
    /// <summary>Only records at or after this sequence (in every partition) are applied; earlier ones are skipped.</summary>
    public long? FromSequence { get; init; }

    /// <summary>Only records the log accepted at or after this time are applied.</summary>
    public DateTimeOffset? FromTime { get; init; }

    /// <summary>Only workers whose key starts with this are rebuilt; the others keep their generation.</summary>
    public string? KeyPrefix { get; init; }

    /// <summary>Run beside the live generation and report differences instead of switching to the result.</summary>
    public bool Shadow { get; init; }

    /// <summary>The embedded host's archive folder; the Azure host always reads its archive container and refuses this.</summary>
    public string? ArchivePath { get; init; }
}
