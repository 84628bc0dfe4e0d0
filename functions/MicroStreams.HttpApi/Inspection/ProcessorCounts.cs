namespace MicroStreams.Http.Inspection;

/// <summary>Workers by status and effects by status, per processor name; a processor missing from a map has none.</summary>
public sealed record ProcessorCounts(IReadOnlyDictionary<string, WorkerCounts> Workers, IReadOnlyDictionary<string, EffectCounts> Effects);
