namespace MicroStreams.Functions.DeadLetters;

/// <summary>Input of the Redrive orchestration: dead letters of one worker, re-applied in log order.</summary>
public sealed record RedriveInput(string Processor, string Key, IReadOnlyList<string> DeadLetterIds);

/// <summary>What a redrive did.</summary>
public sealed record RedriveResult(int Redriven, int FailedAgain, string? Error = null);
