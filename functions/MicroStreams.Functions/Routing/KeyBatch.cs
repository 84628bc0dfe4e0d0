namespace MicroStreams.Functions.Routing;

/// <summary>The events of one batch that reach one worker (processor and key), in log order: one entity operation.</summary>
public sealed record KeyBatch(string Processor, string Key, IReadOnlyList<LogEvent> Events);
