namespace MicroStreams.Examples.Churn;

/// <summary>What the churn detector remembers about one user.</summary>
public sealed record ChurnState(DateTimeOffset LastSignIn, int SignIns, string? Email);
