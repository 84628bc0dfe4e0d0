namespace MicroStreams.Embedded;

/// <summary>Why a replay was not started, as a value to branch on and a message for the user.</summary>
public sealed record ReplayRefusal(ReplayRefusalReason Reason, string Message);
