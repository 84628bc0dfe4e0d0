namespace MicroStreams.Functions.Http;

/// <summary>One bad event in an ingest request: its index in the request, the attribute at fault, and why.</summary>
public sealed record EventError(int Index, string Field, string Reason);
