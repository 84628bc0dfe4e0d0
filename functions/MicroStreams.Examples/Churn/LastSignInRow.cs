namespace MicroStreams.Examples.Churn;

/// <summary>A row of <c>last_signin</c>: when the user last signed in and how often the detector has seen them.</summary>
public sealed record LastSignInRow(string User, DateTimeOffset LastSignIn, int SignIns);
