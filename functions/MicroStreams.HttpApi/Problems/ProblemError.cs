namespace MicroStreams.Http.Problems;

/// <summary>One bad event in a request: its index in the request, the attribute at fault, and why.</summary>
public sealed record ProblemError(int Index, string Field, string Reason);
